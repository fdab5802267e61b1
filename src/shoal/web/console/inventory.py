"""Console inventory pages: stock by location, receipts, adjustments with a reason, counts (stocktakes) and
the stock ledger."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.catalog import service_variants as variants
from shoal.core.errors import ValidationFailed
from shoal.inventory import service as inventory
from shoal.inventory import service_stock as stock_service
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/inventory", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def stock_page(
    request: Request, ctx: ConsoleContext, location_id: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    page = await stock_service.list_stock(ctx.uow(), limit=50, cursor=cursor, location_id=location_id or None)
    locations = await inventory.list_locations(ctx.uow())
    snapshots = await variants.variants_for_pricing(ctx.uow(), variant_ids=list({s.variant_id for s in page.items}))
    context = {
        "page": page,
        "locations": {loc.id: loc for loc in locations},
        "variants": snapshots,
        "location_id": location_id or "",
    }
    return render(request, "console/inventory.html", context)


@router.get("/ledger", response_class=HTMLResponse)
async def ledger_page(
    request: Request, ctx: ConsoleContext, variant_id: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    page = await stock_service.list_ledger(ctx.uow(), limit=50, cursor=cursor, variant_id=variant_id or None)
    locations = await inventory.list_locations(ctx.uow())
    snapshots = await variants.variants_for_pricing(ctx.uow(), variant_ids=list({e.variant_id for e in page.items}))
    context = {"page": page, "locations": {loc.id: loc for loc in locations}, "variants": snapshots}
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


@router.post("/adjustments", response_class=HTMLResponse)
async def adjust(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    await stock_service.adjust_stock(
        ctx.uow(),
        **_row(form),
        delta=_quantity(form.get("delta"), "delta"),
        reason=str(form.get("reason", "adjustment")),
        reference=str(form.get("reference", "")) or None,
    )
    return _refreshed()


@router.post("/stocktakes", response_class=HTMLResponse)
async def count(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """A count (盘点): on hand becomes what was counted, and the ledger records the difference."""
    form = await request.form()
    await stock_service.set_on_hand(ctx.uow(), **_row(form), quantity=_quantity(form.get("counted"), "counted"))
    return _refreshed()
