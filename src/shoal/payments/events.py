"""Facts payments tells others (analytics, notifications, after-sales)."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class PaymentSucceeded(Event):
    payment_id: str
    order_id: str
    provider: str
    amount: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class PaymentFailed(Event):
    payment_id: str
    order_id: str
    provider: str


@dataclass(frozen=True, kw_only=True)
class PaymentFlagged(Event):
    """A genuine notification that could not be applied as is (amount mismatch, order paid twice)."""

    payment_id: str
    order_id: str
    outcome: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class PaymentRefunded(Event):
    payment_id: str
    order_id: str
    refund_id: str
    amount: int
    refunded_total: int
    reference: str | None
