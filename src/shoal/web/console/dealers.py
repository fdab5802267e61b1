"""Console dealer pages (经销商): the dealers with the form that adds one, a dealer's page (credit and terms,
portal accounts, rebates), and dealer orders with approve, reject, ship, invoice and payment received.

Staff type yuan and percentages; the pages turn them into fen and basis points before calling the dealers
services, which own every rule.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError, ValidationFailed
from shoal.core.money import format_amount, parse_decimal_amount
from shoal.dealers import service_accounts, service_orders, service_rebates, service_stock
from shoal.dealers.schemas import CreditIn, DealerCreate, DealerUserCreate, ShipIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import blank_to_none, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console", route_class=WebRoute, include_in_schema=False)
HOME = "/console/dealers"
ORDERS = "/console/dealer-orders"
DEALER_FIELDS = {"code", "name", "region", "price_list", "discount"}
ACTIONS = {
    "approve": service_orders.approve,
    "reject": service_orders.reject,
    "invoice": service_orders.invoice,
    "payment": service_orders.record_payment,
}


@router.get("/dealers", response_class=HTMLResponse)
async def dealer_list(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/dealers.html", await _list(ctx, {"discount": "0"}, {}))


@router.post("/dealers", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Add a dealer; a refused form comes back with each problem under its input and nothing saved."""
    values = await _form(request)
    try:
        data = blank_to_none({key: values.get(key, "") for key in ("code", "name", "region", "price_list")})
        data["discount_bps"] = _hundredths(values.get("discount") or "0", "discount", ctx.locale)
        made = await service_accounts.create_dealer(ctx.uow(), data=DealerCreate.model_validate(data))
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(_renamed(errors_of(request, exc), {"discount_bps": "discount"}), DEALER_FIELDS)
        return render(request, "console/dealers.html", await _list(ctx, values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{made.id}"})


@router.get("/dealers/{dealer_id}", response_class=HTMLResponse)
async def dealer_page(request: Request, ctx: ConsoleContext, dealer_id: str) -> HTMLResponse:
    return render(request, "console/dealer.html", await _dealer(ctx, dealer_id, {}, {}))


@router.post("/dealers/{dealer_id}/credit", response_class=HTMLResponse)
async def set_credit(request: Request, ctx: ConsoleContext, dealer_id: str) -> Response:
    values = await _form(request)
    try:
        limit = _hundredths(values.get("credit_limit", ""), "credit_limit", ctx.locale)
        data = CreditIn(credit_limit=limit, payment_terms=values.get("payment_terms", ""),  # type: ignore[arg-type]
                        terms_days=values.get("terms_days") or 0)  # type: ignore[arg-type]  # fmt: skip
        await service_accounts.set_credit(ctx.uow(), dealer_id=dealer_id, data=data)
    except (ShoalError, ValidationError) as exc:
        context = await _dealer(ctx, dealer_id, values, errors_of(request, exc))
        return render(request, "console/dealer.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{dealer_id}"})


@router.post("/dealers/{dealer_id}/users", response_class=HTMLResponse)
async def add_user(request: Request, ctx: ConsoleContext, dealer_id: str) -> Response:
    values = await _form(request)
    try:
        data = DealerUserCreate.model_validate(blank_to_none(values))
        await service_accounts.add_user(ctx.uow(), dealer_id=dealer_id, data=data)
    except (ShoalError, ValidationError) as exc:
        context = await _dealer(ctx, dealer_id, values, errors_of(request, exc))
        return render(request, "console/dealer.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{dealer_id}"})


@router.get("/dealer-orders", response_class=HTMLResponse)
async def order_list(request: Request, ctx: ConsoleContext, status: str | None = None) -> HTMLResponse:
    chosen = status if status in ("placed", "approved", "shipped", "invoiced", "rejected") else None
    orders = await service_orders.list_orders(ctx.uow(), status=chosen, limit=100)
    names = {dealer.id: dealer.name for dealer in await service_accounts.list_dealers(ctx.uow())}
    context = {"orders": orders, "names": names, "status": chosen or "", "currency": ctx.tenant.currency}
    return render(request, "console/dealer_orders.html", context)


@router.post("/dealer-orders/{order_id}/{action}", response_class=HTMLResponse)
async def act(ctx: ConsoleContext, order_id: str, action: str) -> Response:
    """One button of a dealer order; a refusal (out of stock, wrong state) shows in the page's flash area."""
    if action == "ship":
        await service_stock.ship(ctx.uow(), order_id=order_id, data=ShipIn())
    elif action in ACTIONS:
        await ACTIONS[action](ctx.uow(), order_id=order_id)
    else:
        raise ValidationFailed(errors=[{"field": "action", "code": "unknown", "message": action}])
    return Response(status_code=204, headers={"HX-Refresh": "true"})


async def _list(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    dealers = await service_accounts.list_dealers(ctx.uow())
    return {"dealers": dealers, "values": values, "errors": errors, "currency": ctx.tenant.currency}


async def _dealer(
    ctx: RequestContext, dealer_id: str, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    dealer = await service_accounts.get_dealer(ctx.uow(), dealer_id=dealer_id)
    defaults = {"credit_limit": format_amount(dealer.credit_limit), "payment_terms": dealer.payment_terms,
                "terms_days": str(dealer.terms_days)}  # fmt: skip
    return {
        "dealer": dealer,
        "credit": service_accounts.credit_of(dealer),
        "users": await service_accounts.list_users(ctx.uow(), dealer_id=dealer_id),
        "rebates": await service_rebates.list_rebates(ctx.uow(), dealer_id=dealer_id),
        "values": defaults | values,
        "errors": errors,
        "currency": ctx.tenant.currency,
    }


async def _form(request: Request) -> dict[str, str]:
    return {key: str(value).strip() for key, value in (await request.form()).items()}


def _hundredths(text: str, field: str, locale: str) -> int:
    """Yuan as fen, or a percentage as basis points (both are hundredths); a field error otherwise."""
    try:
        value = parse_decimal_amount(text)
    except ValueError:
        value = -1
    if value < 0:
        message = translations(locale).gettext("Enter an amount such as 12.50.")
        raise ValidationFailed(errors=[{"field": field, "code": "invalid", "message": message}])
    return value


def _renamed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    return {names.get(key, key): message for key, message in errors.items()}
