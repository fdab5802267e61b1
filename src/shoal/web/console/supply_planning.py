"""Console demand planning: the forecast chart per SKU × location (需求预测: weekly paid units, the forecast and
its 80% interval, drawn by ECharts from data attributes) with a button that starts a forecast run, and the
replenishment suggestions (补货建议: purchase orders by supplier, transfers from warehouses to stores), each
accepted into drafts with one click.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response
from fastapi.responses import HTMLResponse

from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.inventory import service as inventory
from shoal.orders.service_demand import daily_paid_units
from shoal.supply import service_forecasts, service_replenishment, service_suppliers, service_transfer_suggestions
from shoal.supply.rules_demand import DENSE_WEEKS, daily_series, weekly_series
from shoal.supply.schemas_forecasts import ForecastRunCreate
from shoal.supply.schemas_replenishment import AcceptIn, TransferAcceptIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/supply", route_class=WebRoute, include_in_schema=False)
HISTORY_WEEKS = 26
Level = Annotated[float, Query(gt=0.5, lt=1.0)]


@router.get("/forecast", response_class=HTMLResponse)
async def forecast_page(
    request: Request, ctx: ConsoleContext, series: Annotated[str, Query(max_length=80)] = "", run: str = ""
) -> HTMLResponse:
    """``series`` is ``variant|location``; left out, the first SKU × location the latest run forecast."""
    keys = sorted(await service_forecasts.latest_series(ctx.uow()))
    variant_id, _, location_id = series.partition("|")
    if not variant_id and keys:
        variant_id, location_id = keys[0]
    points = (
        await service_forecasts.list_forecasts(ctx.uow(), variant_id=variant_id, location_id=location_id)
        if variant_id and location_id else []
    )  # fmt: skip
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=sorted({v for v, _ in keys}))
    locations = {loc.id: loc for loc in await inventory.list_locations(ctx.uow())}
    context = {
        "choices": [(f"{v}|{loc}", _series_label(snaps, locations, v, loc)) for v, loc in keys],
        "chosen": f"{variant_id}|{location_id}" if variant_id else "",
        "points": points,
        "history": await _history(ctx, variant_id, location_id, points[0] if points else None),
        "run": await service_forecasts.get_run(ctx.uow(), run_id=run) if run else None,
    }
    return render(request, "console/supply_forecast.html", context)


def _series_label(snaps: dict[str, Any], locations: dict[str, Any], variant_id: str, location_id: str) -> str:
    snap, location = snaps.get(variant_id), locations.get(location_id)
    return f"{snap.sku if snap else variant_id} · {location.name if location else location_id}"


async def _history(ctx: RequestContext, variant_id: str, location_id: str, first: Any) -> list[tuple[str, float]]:
    """Paid units per period (the forecast's own granularity: weeks, or the last 8 weeks of days for a series
    forecast by day) before the forecast starts, so the chart shows what the forecast continues."""
    if not (variant_id and location_id and first):
        return []
    until = first.period
    by_day = first.frequency == "day"
    start = until - (timedelta(weeks=DENSE_WEEKS) if by_day else timedelta(weeks=HISTORY_WEEKS))
    now = ctx.db.clock.now()
    daily = await daily_paid_units(ctx.uow(), since=now - timedelta(weeks=HISTORY_WEEKS + 60))
    bucket = daily_series if by_day else weekly_series
    periods = bucket(daily, start, until - timedelta(days=1)).get((variant_id, location_id), [])
    return [(period.isoformat(), units) for period, units in periods]


@router.post("/forecast/runs", response_class=HTMLResponse)
async def start_run(ctx: ConsoleContext, tasks: BackgroundTasks) -> Response:
    """Start a forecast of every SKU × location (a background job); the page then shows the run's progress."""
    run = await service_forecasts.start_run(ctx.uow(), data_in=ForecastRunCreate())
    tasks.add_task(service_forecasts.run_job, ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, run_id=run.id)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/supply/forecast?run={run.id}"})


@router.get("/replenishment", response_class=HTMLResponse)
async def replenishment_page(request: Request, ctx: ConsoleContext, service_level: Level = 0.95) -> HTMLResponse:
    orders = await service_replenishment.suggestions(ctx.uow(), service_level=service_level)
    transfers = await service_transfer_suggestions.transfer_suggestions(ctx.uow(), service_level=service_level)
    ids = {x.variant_id for s in orders for x in s.lines} | {x.variant_id for s in transfers for x in s.lines}
    context = {
        "orders": orders, "transfers": transfers, "service_level": service_level,
        "snaps": await variants.variants_for_pricing(ctx.uow(), variant_ids=sorted(ids)),
        "suppliers": {s.id: s for s in await service_suppliers.list_suppliers(ctx.uow())},
        "locations": {loc.id: loc for loc in await inventory.list_locations(ctx.uow())},
    }  # fmt: skip
    return render(request, "console/supply_replenishment.html", context)


@router.post("/replenishment/accept", response_class=HTMLResponse)
async def accept(request: Request, ctx: ConsoleContext) -> Response:
    """The suggested purchase order of one supplier and destination (or all of them) as drafts."""
    form = await request.form()
    supplier, location = str(form.get("supplier_id") or ""), str(form.get("location_id") or "")
    data = AcceptIn.model_validate({
        "service_level": form.get("service_level") or 0.95,
        "supplier_ids": [supplier] if supplier else None, "location_id": location or None,
    })  # fmt: skip
    await service_replenishment.accept(ctx.uow(), data=data)
    return Response(status_code=204, headers={"HX-Redirect": "/console/supply/purchase-orders?status=draft"})


@router.post("/replenishment/transfers/accept", response_class=HTMLResponse)
async def accept_transfers(request: Request, ctx: ConsoleContext) -> Response:
    """The suggested transfers to one store (or to all of them) as draft transfers."""
    form = await request.form()
    store = str(form.get("destination_id") or "")
    data = TransferAcceptIn.model_validate(
        {"service_level": form.get("service_level") or 0.95, "destination_ids": [store] if store else None}
    )
    await service_transfer_suggestions.accept_transfers(ctx.uow(), data=data)
    return Response(status_code=204, headers={"HX-Redirect": "/console/inventory/transfers?status=draft"})
