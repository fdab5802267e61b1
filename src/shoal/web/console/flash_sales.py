"""Console flash sales (秒杀活动): the sessions with their state, the form that creates one (session time, a flash
price, units and a per-shopper limit per SKU, the payment window), publish and end, and a session's figures.

Staff type SKU codes; the page resolves them to variants (catalog's service) before the pure reader
(``marketing_forms.read_flash_sale``) builds the domain's input. Every rule (stock to carve, states, the
``marketing.manage`` permission) is the flash sale services' to check.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.flash_sale import rules, service, service_buy
from shoal.campaigns.flash_sale.schemas import FlashSaleRead, FlashSaleStats
from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.inventory import service as inventory
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.marketing_forms import FLASH_ROWS, flash_field, flash_skus, read_flash_sale
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing/flash-sales", route_class=WebRoute, include_in_schema=False)
HOME = "/console/marketing/flash-sales"
ROW_INPUTS = ("sku", "flash_price", "quantity", "per_shopper_limit")
FIELDS = {"name", "location_id", "starts_at", "ends_at", "payment_minutes"} | {
    f"items.{i}.{name}" for i in range(FLASH_ROWS) for name in ROW_INPUTS
}


def shown_state(sale: FlashSaleRead, now: Any) -> str:
    """What the list says: draft, upcoming (未开始), live (进行中) or ended."""
    return rules.session_state(sale.status, sale.starts_at, sale.ends_at, now)


def figures(sale: FlashSaleRead, stats: FlashSaleStats) -> dict[str, int]:
    """Units sold (paid), units awaiting payment, orders and GMV (paid units at their flash price, in fen)."""
    prices = {item.variant_id: item.flash_price for item in sale.items}
    return {
        "sold": sum(s.paid for s in stats.items),
        "awaiting": sum(s.awaiting_payment for s in stats.items),
        "orders": stats.orders,
        "gmv": sum(s.paid * prices.get(s.variant_id, 0) for s in stats.items),
    }


@router.get("", response_class=HTMLResponse)
async def sale_list(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    sales = await service.list_flash_sales(ctx.uow())
    now = ctx.db.clock.now()
    context = {"sales": sales, "states": {s.id: shown_state(s, now) for s in sales}}
    return render(request, "console/flash_sales.html", context)


async def _form_context(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    locations = [loc for loc in await inventory.list_locations(ctx.uow()) if loc.active]
    choices = [(loc.id, loc.name_translations.get(ctx.locale) or loc.name) for loc in locations]
    return {"locations": choices, "values": values, "errors": errors, "rows": range(FLASH_ROWS)}


@router.get("/new", response_class=HTMLResponse)
async def new_sale(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    values = {"payment_minutes": "5", **{f"items.{i}.per_shopper_limit": "1" for i in range(FLASH_ROWS)}}
    return render(request, "console/flash_sale_new.html", await _form_context(ctx, values, {}))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Create a draft; a refused form comes back with each problem under its input and nothing saved."""
    values = {key: str(value) for key, value in (await request.form()).items()}
    ids = await variants.variant_ids_by_sku(ctx.uow(), skus=flash_skus(values))
    parsed = read_flash_sale(
        values, variant_ids=ids, currency=ctx.tenant.currency, timezone=ctx.tenant.timezone,
        gettext=translations(ctx.locale).gettext,
    )  # fmt: skip
    errors = {flash_field(k): m for k, m in errors_of(request, parsed.invalid).items()} if parsed.invalid else {}
    errors |= parsed.errors
    if not errors and parsed.data is not None:
        try:
            sale = await service.create_flash_sale(ctx.uow(), data=parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = {flash_field(k): m for k, m in errors_of(request, exc).items()}
        else:
            return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{sale.id}"})
    context = await _form_context(ctx, values, place_errors(errors, FIELDS))
    return render(request, "console/flash_sale_new.html", context, status=422)


@router.get("/{sale_id}", response_class=HTMLResponse)
async def sale_page(request: Request, ctx: ConsoleContext, sale_id: str) -> HTMLResponse:
    sale = await service.get_flash_sale(ctx.uow(), sale_id=sale_id)
    stats = await service.flash_sale_stats(ctx.uow(), sale_id=sale_id)
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=[i.variant_id for i in sale.items])
    locations = {loc.id: loc for loc in await inventory.list_locations(ctx.uow())}
    context = {
        "sale": sale, "state": shown_state(sale, ctx.db.clock.now()), "snaps": snaps,
        "stats": {s.variant_id: s for s in stats.items}, "figures": figures(sale, stats),
        "location": locations.get(sale.location_id),
    }  # fmt: skip
    return render(request, "console/flash_sale.html", context)


@router.post("/{sale_id}/publish")
async def publish(request: Request, ctx: ConsoleContext, sale_id: str) -> Response:
    """Publish: the units leave the shelf for the sale (``out_of_stock`` shows in the flash area)."""
    sale = await service.publish_flash_sale(ctx.uow(), sale_id=sale_id)
    await service_buy.seed_gate(ctx.uow(), request.app.state.flash_gate, sale_id=sale.id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.post("/{sale_id}/end")
async def end(ctx: ConsoleContext, sale_id: str) -> Response:
    """End now: the unsold units go back to the shelf."""
    await service.end_flash_sale(ctx.uow(), sale_id=sale_id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})
