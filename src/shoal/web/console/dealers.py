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
from shoal.dealers.schemas import CreditIn, DealerCreate, DealerUserCreate, ShipIn, SkuTermsIn, TierIn, TiersIn
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
    return render(request, "console/dealers.html", await _list(ctx))


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
        return render(request, "console/dealers.html", await _list(ctx, dealer=(values, errors)), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{made.id}"})


@router.post("/dealer-skus", response_class=HTMLResponse)
async def offer_sku(request: Request, ctx: ConsoleContext) -> Response:
    """Offer a SKU to dealers, or change its minimum and case pack."""
    values = await _form(request)
    try:
        await service_accounts.set_sku_terms(ctx.uow(), data=SkuTermsIn.model_validate(blank_to_none(values)))
    except (ShoalError, ValidationError) as exc:
        context = await _list(ctx, sku=(values, errors_of(request, exc)))
        return render(request, "console/dealers.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": HOME})


@router.post("/dealer-rebates", response_class=HTMLResponse)
async def set_tiers(request: Request, ctx: ConsoleContext) -> Response:
    """Replace the volume rebate tiers, typed one a line: the month's volume in yuan and the rate in percent."""
    values = await _form(request)
    try:
        tiers = [_tier(number, line, ctx.locale) for number, line in _lines(values.get("tiers", ""))]
        await service_rebates.set_tiers(ctx.uow(), data=TiersIn(tiers=tiers))
    except (ShoalError, ValidationError) as exc:
        context = await _list(ctx, tiers=(values, errors_of(request, exc)))
        return render(request, "console/dealers.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": HOME})


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


Form = tuple[dict[str, str], dict[str, str]]  # what was typed, and the problems by field


async def _list(ctx: RequestContext, *, dealer: Form | None = None, sku: Form | None = None,
                tiers: Form | None = None) -> dict[str, Any]:  # fmt: skip
    """The dealers page: its three forms come back filled (and with their problems) when one was refused."""
    current = await service_rebates.list_tiers(ctx.uow())
    typed = "\n".join(f"{format_amount(t.min_volume)} {format_amount(t.rate_bps)}" for t in current)
    return {
        "dealers": await service_accounts.list_dealers(ctx.uow()),
        "offered": await service_accounts.list_sku_terms(ctx.uow()),
        "forms": {
            "dealer": dealer or ({"discount": "0"}, {}),
            "sku": sku or ({"moq": "1", "case_pack": "1"}, {}),
            "tiers": tiers or ({"tiers": typed}, {}),
        },
        "currency": ctx.tenant.currency,
    }


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


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _tier(number: int, line: str, locale: str) -> TierIn:
    """``50000 3``: from ¥50,000 in a month, 3% of it; a line that is not two such figures is a field error."""
    parts = line.replace(",", " ").split()
    try:
        volume, rate = (parse_decimal_amount(part) for part in parts) if len(parts) == 2 else (-1, -1)
    except ValueError:
        volume = rate = -1
    if volume < 0 or not 0 < rate <= 10_000:
        message = translations(locale).gettext(
            "Line %(line)s: give a volume in yuan and a rate in percent, e.g. 50000 3."
        )
        raise ValidationFailed(errors=[{"field": "tiers", "code": "invalid", "message": message % {"line": number}}])
    return TierIn(min_volume=volume, rate_bps=rate)


def _renamed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    return {names.get(key, key): message for key, message in errors.items()}
