"""Dealer portal pages: sign-in, and the order desk (its credit, quick order by SKU and quantity at its own
prices, CSV upload, its orders with their receipt). Every figure comes from the dealers services, which keep
the dealer to its own part; the pages only read forms and render."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.core.http import client_address, get_db
from shoal.core.i18n import negotiate_locale
from shoal.dealers import rules, service_accounts, service_auth, service_orders, service_stock
from shoal.dealers.errors import BadOrderFile
from shoal.dealers.schemas import OrderLineIn, OrderPlace
from shoal.web.cookies import drop
from shoal.web.dealer.deps import DEALER_ACCESS, DEALER_REFRESH, PortalContext, keep_dealer_tokens, portal_path
from shoal.web.forms import errors_of
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/dealer/{tenant}", route_class=WebRoute, include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, tenant: str) -> HTMLResponse:
    request.state.locale = negotiate_locale(request.headers.get("accept-language"))
    return render(request, "dealer/login.html", {"slug": tenant, "values": {}, "errors": {}})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, tenant: str) -> HTMLResponse:
    form = await request.form()
    values = {"email": str(form.get("email", ""))}
    request.state.locale = negotiate_locale(request.headers.get("accept-language"))
    try:
        pair = await service_auth.sign_in(
            get_db(request).uow(), settings=request.app.state.settings, tenant_slug=tenant, email=values["email"],
            password=str(form.get("password", "")), address=client_address(request),
        )  # fmt: skip
    except ShoalError as exc:
        context = {"slug": tenant, "values": values, "errors": errors_of(request, exc)}
        return render(request, "dealer/login.html", context, status=422, block="form")
    response = HTMLResponse("", headers={"HX-Redirect": portal_path(tenant)})
    keep_dealer_tokens(request, response, tenant, pair)
    return response


@router.post("/logout")
async def logout(request: Request, tenant: str, ctx: PortalContext) -> Response:
    await service_auth.sign_out(ctx.uow(), session_id=request.state.dealer_session)
    response = Response(headers={"HX-Redirect": f"{portal_path(tenant)}/login"})
    drop(response, DEALER_ACCESS, path=portal_path(tenant))
    drop(response, DEALER_REFRESH, path=portal_path(tenant))
    return response


@router.post("/locale")
async def switch_locale(request: Request, ctx: PortalContext) -> Response:
    await service_auth.set_locale(ctx.uow(), locale=str((await request.form()).get("locale", "")))
    return Response(headers={"HX-Refresh": "true"})


@router.get("", response_class=HTMLResponse)
async def desk(request: Request, tenant: str, ctx: PortalContext, placed: str | None = None) -> HTMLResponse:
    return render(request, "dealer/desk.html", await _desk(ctx, tenant, {"placed": placed or ""}, {}))


@router.post("/orders", response_class=HTMLResponse)
async def quick_order(request: Request, tenant: str, ctx: PortalContext) -> Response:
    """The quick-order table: one quantity per SKU (blank rows skipped), and how to pay."""
    form = await request.form()
    values = {key: str(value) for key, value in form.multi_items()}
    pairs = zip(form.getlist("sku"), form.getlist("qty"), strict=False)
    typed = {str(sku): str(qty).strip() for sku, qty in pairs}
    values.update({f"qty.{sku}": qty for sku, qty in typed.items()})  # kept in the table if the order is refused
    wanted = [(sku, qty) for sku, qty in typed.items() if qty not in ("", "0")]
    try:
        lines = [
            OrderLineIn(sku=sku, quantity=int(qty) if qty.isascii() and qty.isdigit() else -1) for sku, qty in wanted
        ]
        data = OrderPlace(lines=lines, payment=values.get("payment", ""), note=values.get("note") or None)  # type: ignore[arg-type]
        order = await service_orders.place(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        return await _refused(request, ctx, tenant, values, exc)
    return _placed(tenant, order.number)


@router.post("/orders/upload", response_class=HTMLResponse)
async def upload(request: Request, tenant: str, ctx: PortalContext) -> Response:
    form = await request.form()
    values = {"payment": str(form.get("payment", ""))}
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile):
            raise BadOrderFile(line=1)
        text = rules.order_file_text(await file.read(rules.MAX_FILE_BYTES + 1))
        order = await service_orders.place_file(ctx.uow(), text=text, payment=values["payment"])
    except (ShoalError, ValidationError) as exc:
        return await _refused(request, ctx, tenant, values, exc)
    return _placed(tenant, order.number)


@router.post("/orders/{order_id}/receive", response_class=HTMLResponse)
async def receive(request: Request, tenant: str, order_id: str, ctx: PortalContext) -> Response:
    await service_stock.receive(ctx.uow(), order_id=order_id)
    return Response(status_code=204, headers={"HX-Redirect": portal_path(tenant)})


async def _desk(ctx: RequestContext, slug: str, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "slug": slug,
        "dealer": await service_accounts.my_dealer_read(ctx.uow()),
        "credit": await service_accounts.get_credit(ctx.uow()),
        "catalog": await service_accounts.dealer_catalog(ctx.uow()),
        "orders": await service_orders.list_orders(ctx.uow()),
        "values": values,
        "errors": errors,
        "currency": ctx.tenant.currency,
    }


async def _refused(
    request: Request, ctx: RequestContext, slug: str, values: dict[str, str], exc: ShoalError | ValidationError
) -> HTMLResponse:
    """The desk again with the reason at the top (a refused order writes nothing)."""
    errors = errors_of(request, exc)
    if isinstance(exc, ValidationError):
        errors = {"__form__": translations(ctx.locale).gettext("Check the quantities: whole numbers above zero.")}
    return render(request, "dealer/desk.html", await _desk(ctx, slug, values, errors), status=422)


def _placed(slug: str, number: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": f"{portal_path(slug)}?placed={number}"})
