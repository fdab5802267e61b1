"""Console inventory pages: stock by location, searchable by SKU or product, with low-stock alerts; receipts,
adjustments with a reason, counts (stocktakes), each confirmed where it was made; and the stock ledger."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.catalog import service_lookup as catalog
from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ValidationFailed
from shoal.inventory import service as inventory
from shoal.inventory import service_stock as stock_service
from shoal.inventory.schemas import StockRead, StockUpdate
from shoal.web.actors import actor_names
from shoal.web.console.deps import ConsoleContext
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/inventory", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def stock_page(
    request: Request,
    ctx: ConsoleContext,
    q: str = "",
    location_id: str | None = None,
    low: str = "",
    cursor: str | None = None,
) -> HTMLResponse:
    """Stock rows, searchable by SKU or product name (the catalog finds the variants), by location, and
    the rows at or below their low-stock alert."""
    wanted = await catalog.variant_ids_matching(ctx.uow(), q=q) if q.strip() else None
    page = await stock_service.list_stock(
        ctx.uow(), limit=50, cursor=cursor, location_id=location_id or None, variant_ids=wanted, low_stock=bool(low)
    )
    context = {
        **await _row_context(ctx, page.items),
        "page": page,
        "q": q,
        "location_id": location_id or "",
        "low": bool(low),
    }
    return render(request, "console/inventory.html", context)


async def _row_context(ctx: RequestContext, rows: list[StockRead]) -> dict[str, Any]:
    """What a stock row shows beside its counts: its variant's SKU and name, its location's name."""
    locations = await inventory.list_locations(ctx.uow())
    snapshots = await variants.variants_for_pricing(ctx.uow(), variant_ids=list({s.variant_id for s in rows}))
    return {"locations": {loc.id: loc for loc in locations}, "variants": snapshots}


@router.get("/ledger", response_class=HTMLResponse)
async def ledger_page(
    request: Request, ctx: ConsoleContext, variant_id: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    page = await stock_service.list_ledger(ctx.uow(), limit=50, cursor=cursor, variant_id=variant_id or None)
    locations = await inventory.list_locations(ctx.uow())
    snapshots = await variants.variants_for_pricing(ctx.uow(), variant_ids=list({e.variant_id for e in page.items}))
    actors = await actor_names(ctx, [e.actor for e in page.items], translations(ctx.locale).gettext)
    context = {"page": page, "locations": {loc.id: loc for loc in locations}, "variants": snapshots, "actors": actors}
    return render(request, "console/ledger.html", context)


def _quantity(raw: object, field: str) -> int:
    try:
        return int(str(raw))
    except ValueError as exc:
        raise ValidationFailed(errors=[{"field": field, "message": str(raw)}]) from exc


def _row(form: Any) -> dict[str, str]:
    """The stock row a form acts on: every stock form names its variant and location the same way."""
    return {"variant_id": str(form.get("variant_id", "")), "location_id": str(form.get("location_id", ""))}


def _refreshed() -> HTMLResponse:
    return HTMLResponse("", headers={"HX-Refresh": "true"})


@router.post("/receipts", response_class=HTMLResponse)
async def receive(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    await stock_service.receive_stock(ctx.uow(), **_row(form), quantity=_quantity(form.get("quantity"), "quantity"))
    return _refreshed()


async def _changed(request: Request, ctx: RequestContext, stock: StockRead, *, alert: bool = False) -> HTMLResponse:
    """The row as it now is, and a note in the flash area saying what was saved: the merchant sees the
    change took, and on which row, without losing their place in a long list."""
    context = {**await _row_context(ctx, [stock]), "s": stock}
    variant, location = context["variants"].get(stock.variant_id), context["locations"].get(stock.location_id)
    names = {"sku": variant.sku if variant else stock.variant_id, "location": location.name if location else ""}
    gettext = translations(ctx.locale).gettext
    if alert:
        message = (
            gettext("No low-stock alert for %(sku)s at %(location)s.") % names
            if stock.low_stock_threshold is None
            else gettext("%(sku)s at %(location)s: alert at %(threshold)s or fewer available.")
            % {**names, "threshold": stock.low_stock_threshold}
        )
    else:
        message = gettext("Saved: %(sku)s at %(location)s now has %(on_hand)s on hand, %(available)s available.") % {
            **names,
            "on_hand": stock.on_hand,
            "available": stock.available,
        }
    return render(request, "console/stock_changed.html", {**context, "message": message})


@router.post("/adjustments", response_class=HTMLResponse)
async def adjust(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    stock = await stock_service.adjust_stock(
        ctx.uow(),
        **_row(form),
        delta=_quantity(form.get("delta"), "delta"),
        reason=str(form.get("reason", "adjustment")),
        reference=str(form.get("reference", "")) or None,
    )
    return await _changed(request, ctx, stock)


@router.post("/stocktakes", response_class=HTMLResponse)
async def count(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """A count (盘点): on hand becomes what was counted, and the ledger records the difference."""
    form = await request.form()
    stock = await stock_service.set_on_hand(ctx.uow(), **_row(form), quantity=_quantity(form.get("counted"), "counted"))
    return await _changed(request, ctx, stock)


@router.post("/thresholds", response_class=HTMLResponse)
async def set_threshold(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """The low-stock alert (库存预警) of one row; an empty box turns it off."""
    form = await request.form()
    raw = str(form.get("threshold", "")).strip()
    data = StockUpdate.model_validate({"low_stock_threshold": _quantity(raw, "threshold") if raw else None})
    stock = await stock_service.set_low_stock_threshold(
        ctx.uow(), stock_id=str(form.get("stock_id", "")), threshold=data.low_stock_threshold
    )
    return await _changed(request, ctx, stock, alert=True)
