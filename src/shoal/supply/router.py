"""Purchasing routes: suppliers and their items (``/api/v1/admin/suppliers``) and purchase orders
(``/api/v1/admin/purchase-orders``: send, receive, close, cancel, returns and a CSV export)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Header, Query
from fastapi.responses import JSONResponse, Response

from shoal.core.http import PROBLEM_JSON
from shoal.core.openapi import problem
from shoal.core.pagination import Page
from shoal.identity.deps import StaffContext
from shoal.inventory.schemas import TransferRead
from shoal.supply import (
    service_forecasts,
    service_orders,
    service_receiving,
    service_replenishment,
    service_suppliers,
    service_transfer_suggestions,
)
from shoal.supply.schemas import (
    PurchaseOrderCreate,
    PurchaseOrderRead,
    ReceiveIn,
    ReturnIn,
    SupplierCreate,
    SupplierItemIn,
    SupplierItemRead,
    SupplierRead,
    SupplierUpdate,
)
from shoal.supply.schemas_forecasts import ForecastPointRead, ForecastRunCreate, ForecastRunRead
from shoal.supply.schemas_replenishment import AcceptIn, Suggestion, TransferAcceptIn, TransferSuggestion

router = APIRouter(tags=["supply"])
SUPPLIERS = "/api/v1/admin/suppliers"
ORDERS = "/api/v1/admin/purchase-orders"
FORECASTS = "/api/v1/admin/forecasts"
REPLENISHMENT = "/api/v1/admin/replenishment/suggestions"
TRANSFERS = "/api/v1/admin/replenishment/transfers"
Status = Literal["draft", "sent", "partially_received", "received", "closed", "cancelled"]
MOVES = {409: problem("invalid_state")}


@router.post(SUPPLIERS, response_model=SupplierRead, status_code=201, summary="Add a supplier",
             responses={409: problem("supplier_code_taken")})  # fmt: skip
async def create_supplier(body: SupplierCreate, ctx: StaffContext) -> SupplierRead:
    return await service_suppliers.create_supplier(ctx.uow(), data=body)


@router.get(SUPPLIERS, response_model=list[SupplierRead], summary="Suppliers, by code")
async def list_suppliers(ctx: StaffContext, active: bool | None = None) -> list[SupplierRead]:
    return await service_suppliers.list_suppliers(ctx.uow(), active=active)


@router.get(SUPPLIERS + "/{supplier_id}", response_model=SupplierRead, summary="A supplier")
async def get_supplier(supplier_id: str, ctx: StaffContext) -> SupplierRead:
    return await service_suppliers.get_supplier(ctx.uow(), supplier_id=supplier_id)


@router.patch(SUPPLIERS + "/{supplier_id}", response_model=SupplierRead, summary="Change a supplier")
async def update_supplier(supplier_id: str, body: SupplierUpdate, ctx: StaffContext) -> SupplierRead:
    return await service_suppliers.update_supplier(ctx.uow(), supplier_id=supplier_id, data=body)


@router.get(SUPPLIERS + "/{supplier_id}/items", response_model=list[SupplierItemRead], summary="What it supplies")
async def list_items(supplier_id: str, ctx: StaffContext) -> list[SupplierItemRead]:
    return await service_suppliers.list_items(ctx.uow(), supplier_id=supplier_id)


@router.post(SUPPLIERS + "/{supplier_id}/items", response_model=SupplierItemRead,
             summary="Add an item, or replace the terms of the one for that variant")  # fmt: skip
async def save_item(supplier_id: str, body: SupplierItemIn, ctx: StaffContext) -> SupplierItemRead:
    return await service_suppliers.save_item(ctx.uow(), supplier_id=supplier_id, data=body)


@router.post(ORDERS, response_model=PurchaseOrderRead, status_code=201, summary="Draft a purchase order")
async def create_order(body: PurchaseOrderCreate, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_orders.create_order(ctx.uow(), data=body)


@router.get(ORDERS, response_model=Page[PurchaseOrderRead], summary="Purchase orders, newest first")
async def list_orders(
    ctx: StaffContext,
    status: Status | None = None,
    supplier_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: str | None = None,
) -> Page[PurchaseOrderRead]:
    return await service_orders.list_orders(
        ctx.uow(), limit=limit, cursor=cursor, status=status, supplier_id=supplier_id
    )


@router.get(ORDERS + "/{order_id}", response_model=PurchaseOrderRead, summary="A purchase order and its receipts")
async def get_order(order_id: str, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_orders.get_order(ctx.uow(), order_id=order_id)


@router.get(ORDERS + "/{order_id}/export.csv", summary="The order's lines as CSV", response_class=Response)
async def export_order(order_id: str, ctx: StaffContext) -> Response:
    text = await service_orders.export_csv(ctx.uow(), order_id=order_id)
    disposition = f'attachment; filename="purchase-order-{order_id}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


@router.post(ORDERS + "/{order_id}/send", response_model=PurchaseOrderRead, summary="Send (draft -> sent)",
             responses=MOVES)  # fmt: skip
async def send(order_id: str, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_orders.move_order(ctx.uow(), order_id=order_id, action="send")


@router.post(ORDERS + "/{order_id}/close", response_model=PurchaseOrderRead,
             summary="Close (short if not all arrived)", responses=MOVES)  # fmt: skip
async def close(order_id: str, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_orders.move_order(ctx.uow(), order_id=order_id, action="close")


@router.post(ORDERS + "/{order_id}/cancel", response_model=PurchaseOrderRead,
             summary="Cancel a draft or sent order", responses=MOVES)  # fmt: skip
async def cancel(order_id: str, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_orders.move_order(ctx.uow(), order_id=order_id, action="cancel")


@router.post(
    ORDERS + "/{order_id}/receive", response_model=PurchaseOrderRead,
    summary="Receive goods into the order's location (partial receipts allowed; idempotent with Idempotency-Key)",
    responses={409: problem("over_receipt or invalid_state"), 422: problem("line_not_on_order")},
)  # fmt: skip
async def receive(
    order_id: str,
    body: ReceiveIn,
    ctx: StaffContext,
    key: Annotated[str | None, Header(alias="Idempotency-Key", description="A new UUID per attempt.")] = None,
) -> JSONResponse | PurchaseOrderRead:
    if key is None:
        return await service_receiving.receive(ctx.uow(), order_id=order_id, data=body)
    outcome = await service_receiving.receive_once(ctx.uow, order_id=order_id, data=body, key=key, locale=ctx.locale)
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)


@router.post(
    ORDERS + "/{order_id}/returns", response_model=PurchaseOrderRead, summary="Return received goods to the supplier",
    responses={409: problem("return_exceeds_received, out_of_stock or invalid_state")},
)  # fmt: skip
async def return_goods(order_id: str, body: ReturnIn, ctx: StaffContext) -> PurchaseOrderRead:
    return await service_receiving.return_to_supplier(ctx.uow(), order_id=order_id, data=body)


@router.get(FORECASTS, response_model=list[ForecastPointRead], summary="The latest forecast of a SKU, per location")
async def forecasts(ctx: StaffContext, variant_id: str, location_id: str | None = None) -> list[ForecastPointRead]:
    return await service_forecasts.list_forecasts(ctx.uow(), variant_id=variant_id, location_id=location_id)


@router.post(
    FORECASTS + "/runs", response_model=ForecastRunRead, status_code=202,
    summary="Forecast every SKU × location from paid orders (a background job; poll the run)",
    responses={503: problem("forecast_unavailable: install shoal[forecast]")},
)  # fmt: skip
async def start_run(body: ForecastRunCreate, ctx: StaffContext, tasks: BackgroundTasks) -> ForecastRunRead:
    run = await service_forecasts.start_run(ctx.uow(), data_in=body)
    tasks.add_task(service_forecasts.run_job, ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, run_id=run.id)
    return run


@router.get(FORECASTS + "/runs/{run_id}", response_model=ForecastRunRead, summary="A forecast run and its progress")
async def get_run(run_id: str, ctx: StaffContext) -> ForecastRunRead:
    return await service_forecasts.get_run(ctx.uow(), run_id=run_id)


@router.get(REPLENISHMENT, response_model=list[Suggestion],
            summary="What to order from whom: one suggested PO per supplier and destination")  # fmt: skip
async def suggestions(
    ctx: StaffContext,
    service_level: Annotated[float, Query(gt=0.5, lt=1.0)] = 0.95,
    location_id: str | None = None,
) -> list[Suggestion]:
    return await service_replenishment.suggestions(ctx.uow(), service_level=service_level, location_id=location_id)


@router.post(REPLENISHMENT + "/accept", response_model=list[PurchaseOrderRead], status_code=201,
             summary="Turn the suggestions into draft purchase orders in one action")  # fmt: skip
async def accept(body: AcceptIn, ctx: StaffContext) -> list[PurchaseOrderRead]:
    return await service_replenishment.accept(ctx.uow(), data=body)


@router.get(TRANSFERS, response_model=list[TransferSuggestion],
            summary="Store replenishment from warehouses: one suggested transfer per warehouse and store")  # fmt: skip
async def transfer_suggestions(
    ctx: StaffContext,
    service_level: Annotated[float, Query(gt=0.5, lt=1.0)] = 0.95,
    lead_time_days: Annotated[int, Query(ge=0, le=60)] = 2,
) -> list[TransferSuggestion]:
    return await service_transfer_suggestions.transfer_suggestions(
        ctx.uow(), service_level=service_level, lead_time_days=lead_time_days
    )


@router.post(TRANSFERS + "/accept", response_model=list[TransferRead], status_code=201,
             summary="Turn the transfer suggestions into draft transfers in one action")  # fmt: skip
async def accept_transfers(body: TransferAcceptIn, ctx: StaffContext) -> list[TransferRead]:
    return await service_transfer_suggestions.accept_transfers(ctx.uow(), data=body)
