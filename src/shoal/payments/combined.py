"""Combined payments: part of an order paid from a balance held in Shoal, the rest by any provider.

``{"provider": "balance", "amount": X}`` below what is due takes X from the shopper's balance at once and
records it as a ``held`` payment: the order is not paid yet. The next payment of the order is for what is
left; when its success reaches the order, the order is marked paid with both parts (``mark_paid`` sees the
whole total) and the held parts become ``succeeded`` in the same transaction, each with an ``applied``
notification of its own: it is on the order's books like the other part, so refunds of the order
(``service_refunds.refund_order``) give back both parts and reconciliation sees it settled. If the order closes or is
cancelled unpaid instead, ``handlers`` releases each held part: it is refunded in full to the balance. So a
combined payment completes both parts or neither.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select, update

from shoal.core.uow import UnitOfWork
from shoal.payments.models import Payment, PaymentNotification

HELD = "held"


_HELD_TOTAL = select(func.coalesce(func.sum(Payment.amount), 0)).where(
    Payment.tenant_id == bindparam("tenant"), Payment.order_id == bindparam("order"), Payment.status == HELD
)


async def held_total(uow: UnitOfWork, order_id: str) -> int:
    """What is held for ``order_id`` (read at every payment start and notification: built once, bound)."""
    found = await uow.s.execute(_HELD_TOTAL, {"tenant": uow.tenant_id, "order": order_id})
    return int(found.scalar_one())


async def settle_held(uow: UnitOfWork, order_id: str, now: datetime) -> None:
    """The rest of the order was paid: its held parts are paid too, and applied to the order."""
    settled = await uow.s.execute(
        update(Payment)
        .where(Payment.tenant_id == uow.tenant_id, Payment.order_id == order_id, Payment.status == HELD)
        .values(status="succeeded", paid_at=now, updated_at=now)
        .returning(Payment.id, Payment.provider, Payment.number, Payment.amount, Payment.currency)
        .execution_options(synchronize_session=False)
    )
    for payment_id, provider, number, amount, currency in settled.all():
        uow.s.add(
            PaymentNotification(
                tenant_id=uow.tenant_id, provider=provider, out_trade_no=number,
                transaction_id=f"HELD-{number}", event="held.settled", payment_id=payment_id,
                provider_state="settled", amount=amount, currency=currency, outcome="applied", body_digest="",
                received_at=now,
            )
        )  # fmt: skip


async def release_held(uow: UnitOfWork, order_id: str) -> list[str]:
    """The order will not be paid: its held parts become refundable (and are refunded in full by the caller)."""
    now = uow.clock.now()
    released = await uow.s.execute(
        update(Payment)
        .where(Payment.tenant_id == uow.tenant_id, Payment.order_id == order_id, Payment.status == HELD)
        .values(status="succeeded", updated_at=now)
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    )
    return list(released.scalars())
