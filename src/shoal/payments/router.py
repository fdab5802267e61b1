"""Payments over HTTP: shoppers start payments, providers notify, staff list, refund and reconcile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from shoal.core.dates import Day
from shoal.core.http import CursorQuery, LimitQuery, get_db
from shoal.core.pagination import Page
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.payments import service, service_notifications, service_refunds
from shoal.payments.deps import Providers
from shoal.payments.schemas import PaymentRead, PaymentStart, Reconciliation, RefundCreate, RefundRead

router = APIRouter(tags=["payments"])


@router.post(
    "/api/v1/store/orders/{order_id}/payments", response_model=PaymentRead, status_code=201, summary="Pay an order"
)
async def start_payment(order_id: str, body: PaymentStart, ctx: ShopperContext, providers: Providers) -> PaymentRead:
    return await service.start_payment(
        ctx.uow(), providers=providers, order_id=order_id, customer_id=ctx.actor.id or "", data=body
    )


@router.post(
    "/api/v1/payments/mock/{payment_id}/succeed",
    response_model=PaymentRead,
    summary="Simulate the shopper paying (mock provider, development; staff of the order's shop)",
)
async def mock_succeed(payment_id: str, ctx: StaffContext, providers: Providers) -> PaymentRead:
    """A development tool: only staff who manage the order's shop may play the provider (another shop's: 404)."""
    return await service.mock_succeed(ctx.uow(), providers=providers, payment_id=payment_id)


@router.post(
    "/api/v1/payments/mock/{payment_id}/fail",
    response_model=PaymentRead,
    summary="Simulate a failed payment (mock provider, development; staff of the order's shop)",
)
async def mock_fail(payment_id: str, ctx: StaffContext, providers: Providers) -> PaymentRead:
    return await service.mock_fail(ctx.uow(), providers=providers, payment_id=payment_id)


@router.post("/api/v1/payments/{provider}/notify", summary="Notifications from WeChat Pay or Alipay")
async def notify(provider: str, request: Request, providers: Providers) -> Response:
    return await _notify(request, providers, provider, None)


@router.post(
    "/api/v1/payments/{provider}/notify/{tenant_id}", summary="Notifications for a shop's own WeChat Pay or Alipay"
)
async def notify_shop(provider: str, tenant_id: str, request: Request, providers: Providers) -> Response:
    return await _notify(request, providers, provider, tenant_id)


async def _notify(request: Request, providers: Providers, provider: str, tenant_id: str | None) -> Response:
    body = await request.body()
    ack = await service_notifications.apply_notification(
        get_db(request), providers=providers, provider=provider, headers=dict(request.headers), body=body,
        tenant_id=tenant_id,
    )  # fmt: skip
    return Response(ack.body, status_code=ack.status, media_type=ack.content_type)


@router.get("/api/v1/admin/payments", response_model=Page[PaymentRead], summary="Payments, newest first")
async def list_payments(
    ctx: StaffContext,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    order_id: Annotated[str | None, Query(max_length=36)] = None,
) -> Page[PaymentRead]:
    return await service.list_payments(ctx.uow(), limit=limit, cursor=cursor, status=status, order_id=order_id)


@router.get(
    "/api/v1/admin/payments/reconciliation", response_model=Reconciliation, summary="A day's payments and issues"
)
async def reconciliation(
    ctx: StaffContext, day: Annotated[Day, Query(description="YYYY-MM-DD, a day in the shop's time zone")]
) -> Reconciliation:
    return await service_refunds.reconciliation(ctx.uow(), day=day)


@router.post(
    "/api/v1/admin/payments/{payment_id}/refunds", response_model=RefundRead, status_code=201, summary="Refund"
)
async def refund(payment_id: str, body: RefundCreate, ctx: StaffContext, providers: Providers) -> RefundRead:
    return await service_refunds.refund(ctx.uow(), providers=providers, payment_id=payment_id, data=body)
