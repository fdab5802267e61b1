"""Payments reacting to events: money an order cannot keep goes back to the shopper, in full.

* A paid order cancelled by staff: orders cannot call payments (payments builds on orders), so the
  cancellation is an event and the refund follows it.
* A payment its order could not take (another payment paid it, it was closed first, or its units were
  sold to another order before the money came): the notification flags it, and the flag refunds it.
* The balance part of a combined payment whose order closed or was cancelled unpaid (``combined``).

Both travel through the outbox, at least once: a refund only takes what is still refundable, so a
second delivery of the same event refunds nothing more.
"""

from __future__ import annotations

import logging
from typing import Any

from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.uow import Database
from shoal.orders.events import OrderStatusChanged
from shoal.payments import combined, rules
from shoal.payments.config import registry_from_env
from shoal.payments.events import PaymentFlagged
from shoal.payments.schemas import PaymentRead, RefundCreate
from shoal.payments.service import get_payment
from shoal.payments.service_refunds import refund, refund_order, refundable_of_order

log = logging.getLogger("shoal.payments")
PAID_STATES = ("paid", "partially_shipped", "shipped", "delivered", "completed")
# The refund's reason, which WeChat Pay and Alipay show the shopper.
REASONS = {
    "order_already_paid": "订单已付款，重复支付退回 / The order was already paid",
    "order_closed": "订单已关闭，付款退回 / The order was closed before the payment came",
    "order_unfulfillable": "商品已售罄，付款退回 / Sold out before the payment came",
}


async def refund_cancelled_order(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """Every payment that paid the order (both parts of a combined one) gives back all it has left, in one
    transaction; a redelivery finds nothing left and refunds nothing."""
    if payload.get("to_status") != "cancelled" or payload.get("from_status") not in PAID_STATES:
        return
    order_id = payload["order_id"]
    left = await refundable_of_order(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id)
    if left <= 0:
        return
    providers = registry_from_env(clock=db.clock, mock_enabled=get_settings().mock_payments_enabled)
    data = RefundCreate(amount=left, reason="order cancelled", reference=order_id)
    await refund_order(db.uow(tenant_id=tenant_id, actor=SYSTEM), providers=providers, order_id=order_id, data=data)
    log.info("refunded %s of cancelled order %s", left, order_id)


async def refund_money_the_order_cannot_take(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    outcome = payload.get("outcome")
    if outcome not in rules.REFUNDED_OUTCOMES:
        return
    payment = await get_payment(db.uow(tenant_id=tenant_id, actor=SYSTEM), payment_id=payload["payment_id"])
    await _refund_what_is_left(db, tenant_id, payment, reason=REASONS[outcome])


async def _refund_what_is_left(db: Database, tenant_id: str, payment: PaymentRead, *, reason: str) -> None:
    left = rules.refundable(payment.amount, payment.refunded_amount)
    if payment.status not in rules.REFUNDABLE or left <= 0:
        return
    providers = registry_from_env(clock=db.clock, mock_enabled=get_settings().mock_payments_enabled)
    data = RefundCreate(amount=left, reason=reason, reference=payment.order_id)
    await refund(db.uow(tenant_id=tenant_id, actor=SYSTEM), providers=providers, payment_id=payment.id, data=data)
    log.info("refunded %s of payment %s (order %s): %s", left, payment.id, payment.order_id, reason)


async def release_held_parts(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """An order closed or cancelled before it was paid gives back the parts of a combined payment it held,
    released and refunded in one transaction (a failure leaves them held, for the event's next delivery)."""
    if payload.get("to_status") not in ("closed", "cancelled") or payload.get("from_status") != "pending_payment":
        return
    providers = registry_from_env(clock=db.clock, mock_enabled=get_settings().mock_payments_enabled)
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        for payment_id in await combined.release_held(uow, payload["order_id"]):
            payment = await get_payment(uow, payment_id=payment_id)
            data = RefundCreate(amount=payment.amount, reason="order closed unpaid", reference=payment.order_id)
            await refund(uow, providers=providers, payment_id=payment_id, data=data)
        await uow.commit()


subscribe(OrderStatusChanged, refund_cancelled_order)
subscribe(OrderStatusChanged, release_held_parts)
subscribe(PaymentFlagged, refund_money_the_order_cannot_take)
