"""Order routes: the shopper's own orders (``/api/v1/store/orders``) and staff order work (``/api/v1/admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from shoal.core.dates import Instant
from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.openapi import CSV_RESPONSE
from shoal.core.pagination import Page
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders import service, service_admin, service_queries, service_report
from shoal.orders.router_shipments import router as shipments_router
from shoal.orders.schemas import (
    AddressUpdate,
    CancelRequest,
    Dashboard,
    NoteCreate,
    OrderDetail,
    OrderRead,
    OrderStatus,
    OrderSummary,
    PickupVerify,
    ShipmentCreate,
    ShipmentRead,
)

router = APIRouter(tags=["orders"])
StatusQuery = Annotated[OrderStatus | None, Query(description="Only orders in this status.")]
FromQuery = Annotated[Instant | None, Query(description="Created at or after (ISO 8601).")]
ToQuery = Annotated[Instant | None, Query(description="Created before (ISO 8601).")]
SearchQuery = Annotated[str | None, Query(max_length=40, description="Order number or contact phone.")]


@router.get("/api/v1/store/orders", response_model=Page[OrderSummary], summary="My orders, newest first")
async def my_orders(
    ctx: ShopperContext, status: StatusQuery = None, limit: LimitQuery = 20, cursor: CursorQuery = None
) -> Page[OrderSummary]:
    return await service_queries.list_my_orders(ctx.uow(), status=status, limit=limit, cursor=cursor)


@router.get("/api/v1/store/orders/{order_id}", response_model=OrderRead, summary="One of my orders")
async def my_order(order_id: str, ctx: ShopperContext) -> OrderRead:
    return await service_queries.get_my_order(ctx.uow(), order_id=order_id)


@router.post("/api/v1/store/orders/{order_id}/cancel", response_model=OrderRead, summary="Cancel my unpaid order")
async def cancel_my_order(order_id: str, ctx: ShopperContext, body: CancelRequest | None = None) -> OrderRead:
    return await service.cancel_order(ctx.uow(), order_id=order_id, reason=body.reason if body else None)


@router.post("/api/v1/store/orders/{order_id}/confirm-receipt", response_model=OrderRead, summary="I received my order")
async def confirm_receipt(order_id: str, ctx: ShopperContext) -> OrderRead:
    return await service.confirm_receipt(ctx.uow(), order_id=order_id)


@router.get("/api/v1/admin/orders", response_model=Page[OrderSummary], summary="Orders, newest first")
async def list_orders(
    ctx: StaffContext,
    status: StatusQuery = None,
    q: SearchQuery = None,
    created_from: FromQuery = None,
    created_to: ToQuery = None,
    customer_id: Annotated[str | None, Query(max_length=36, description="Only this customer's orders.")] = None,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> Page[OrderSummary]:
    return await service_queries.list_orders(
        ctx.uow(),
        status=status,
        q=q,
        created_from=created_from,
        created_to=created_to,
        customer_id=customer_id,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/api/v1/admin/orders/export.csv",
    summary="Orders as CSV (amounts in fen)",
    response_class=Response,
    responses=CSV_RESPONSE,
)
async def export_orders(
    ctx: StaffContext,
    status: StatusQuery = None,
    q: SearchQuery = None,
    created_from: FromQuery = None,
    created_to: ToQuery = None,
) -> Response:
    body = await service_queries.export_orders_csv(
        ctx.uow(), status=status, q=q, created_from=created_from, created_to=created_to
    )
    return Response(
        body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": 'attachment; filename="orders.csv"'}
    )


@router.get("/api/v1/admin/orders/{order_id}", response_model=OrderDetail, summary="An order with its history")
async def get_order(order_id: str, ctx: StaffContext) -> OrderDetail:
    return await service_queries.get_order_detail(ctx.uow(), order_id=order_id)


@router.post("/api/v1/admin/orders/{order_id}/notes", response_model=OrderRead, summary="Add a staff note")
async def add_note(order_id: str, body: NoteCreate, ctx: StaffContext) -> OrderRead:
    return await service_admin.add_note(ctx.uow(), order_id=order_id, data=body)


@router.post("/api/v1/admin/orders/{order_id}/cancel", response_model=OrderRead, summary="Cancel an order")
async def cancel_order(order_id: str, ctx: StaffContext, body: CancelRequest | None = None) -> OrderRead:
    return await service.cancel_order(ctx.uow(), order_id=order_id, reason=body.reason if body else None)


@router.patch("/api/v1/admin/orders/{order_id}/address", response_model=OrderRead, summary="Correct the address")
async def update_address(order_id: str, body: AddressUpdate, ctx: StaffContext) -> OrderRead:
    return await service_admin.update_address(ctx.uow(), order_id=order_id, data=body)


@router.post(
    "/api/v1/admin/orders/{order_id}/shipments", response_model=ShipmentRead, status_code=201, summary="Ship lines"
)
async def create_shipment(order_id: str, body: ShipmentCreate, ctx: StaffContext) -> ShipmentRead:
    return await service_admin.create_shipment(ctx.uow(), order_id=order_id, data=body)


@router.post("/api/v1/admin/shipments/{shipment_id}/deliver", response_model=ShipmentRead, summary="Delivered")
async def deliver_shipment(shipment_id: str, ctx: StaffContext) -> ShipmentRead:
    return await service_admin.deliver_shipment(ctx.uow(), shipment_id=shipment_id)


@router.post("/api/v1/admin/pickups/verify", response_model=OrderRead, summary="Hand over a pickup order")
async def verify_pickup(body: PickupVerify, ctx: StaffContext) -> OrderRead:
    return await service_admin.verify_pickup(ctx.uow(), data=body)


@router.get(
    "/api/v1/admin/reports/dashboard",
    response_model=Dashboard,
    tags=["reports"],
    summary="Today vs yesterday (GMV, orders, paying customers, AOV), 30 days of sales, top products",
)
async def dashboard(ctx: StaffContext) -> Dashboard:
    return await service_report.dashboard(ctx.uow(), zone=ctx.tenant.timezone)


router.include_router(shipments_router)
