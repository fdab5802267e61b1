"""Payments reacting to order events: a paid order cancelled by staff is refunded in full.

Orders cannot call payments (payments builds on orders), so the cancellation is an event and the
refund follows it through the outbox, at least once: the refund only takes what is still refundable,
so a second delivery of the same event refunds nothing more.
"""

from __future__ import annotations

import logging
from typing import Any

from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.uow import Database
from shoal.orders.events import OrderStatusChanged
from shoal.payments import rules
from shoal.payments.config import registry_from_env
from shoal.payments.schemas import RefundCreate
from shoal.payments.service import refundable_payment_of
from shoal.payments.service_refunds import refund

log = logging.getLogger("shoal.payments")
PAID_STATES = ("paid", "partially_shipped", "shipped", "delivered", "completed")


async def refund_cancelled_order(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload.get("to_status") != "cancelled" or payload.get("from_status") not in PAID_STATES:
        return
    payment = await refundable_payment_of(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])
    if payment is None:
        return
    left = rules.refundable(payment.amount, payment.refunded_amount)
    if left <= 0:
        return
    providers = registry_from_env(clock=db.clock, mock_enabled=get_settings().mock_payments_enabled)
    data = RefundCreate(amount=left, reason="order cancelled", reference=payload["order_id"])
    await refund(db.uow(tenant_id=tenant_id, actor=SYSTEM), providers=providers, payment_id=payment.id, data=data)
    log.info("refunded %s of cancelled order %s", left, payload["order_id"])


subscribe(OrderStatusChanged, refund_cancelled_order)
