"""Pure order rules: the status machine, order numbers and refund limits. No I/O here."""

from __future__ import annotations

from datetime import date, datetime

from shoal.core.money import MAX_AMOUNT
from shoal.orders.errors import InvalidTransition, OrderTotalTooLarge, RefundTooLarge

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
PARTIALLY_SHIPPED = "partially_shipped"
SHIPPED = "shipped"
DELIVERED = "delivered"
COMPLETED = "completed"
CANCELLED = "cancelled"
CLOSED = "closed"
REFUNDED = "refunded"

STATUSES = (PENDING_PAYMENT, PAID, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, COMPLETED, CANCELLED, CLOSED, REFUNDED)

# Every legal move. ``closed`` is the system closing an unpaid order at its deadline; ``cancelled`` is a
# person's decision (a paid order can be cancelled only by staff, and then needs a refund).
# A picked-up order goes paid -> delivered: the shopper took it at the counter.
# ``refunded`` is where an order ends once everything paid went back (after-sales or staff): it is no longer
# shipped or awaiting receipt, and nothing more can be refunded. A partial refund leaves the status alone.
TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING_PAYMENT: frozenset({PAID, CANCELLED, CLOSED}),
    PAID: frozenset({PARTIALLY_SHIPPED, SHIPPED, DELIVERED, CANCELLED, REFUNDED}),
    PARTIALLY_SHIPPED: frozenset({SHIPPED, REFUNDED}),
    SHIPPED: frozenset({DELIVERED, COMPLETED, REFUNDED}),
    DELIVERED: frozenset({COMPLETED, REFUNDED}),
    COMPLETED: frozenset({REFUNDED}),
    CANCELLED: frozenset(),
    CLOSED: frozenset(),
    REFUNDED: frozenset(),
}

# Before anything left the warehouse the delivery address may still change.
ADDRESS_EDITABLE = frozenset({PENDING_PAYMENT, PAID})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check_transition(current: str, target: str, *, action: str) -> None:
    """Refuse an illegal move with 409 ``invalid_state``, naming what was attempted."""
    if not can_transition(current, target):
        raise InvalidTransition(action=action, entity="order", state=current, target=target)


def ends_refunded(status: str, *, paid: int, refunded: int) -> bool:
    """Whether a refund that brought ``refunded`` to ``paid`` ends the order as ``refunded``. A cancelled or
    closed order keeps its status: it already ended, and its refund only settles the money."""
    return paid > 0 and refunded >= paid and can_transition(status, REFUNDED)


def pickup_code_shown(status: str) -> bool:
    """The pickup code is the shopper's proof at the counter: shown once the order is paid and until it is
    handed over, never while it could still go unpaid (or after it ended)."""
    return status == PAID


def order_number(day: date, sequence: int) -> str:
    """``SO`` + the shop's local date + a per-tenant, per-day sequence of at least six digits."""
    if sequence < 1:
        raise ValueError("order sequences start at 1")
    return f"SO{day:%Y%m%d}{sequence:06d}"


def counter_name(day: date) -> str:
    return f"order:{day:%Y%m%d}"


def is_overdue(status: str, expires_at: datetime | None, now: datetime) -> bool:
    """An unpaid order whose payment deadline has passed is closed by the sweeper."""
    return status == PENDING_PAYMENT and expires_at is not None and expires_at <= now


def check_order_total(*, subtotal: int, total: int) -> None:
    """An order never passes ``MAX_AMOUNT``, before or after discounts (what every amount column is sized for)."""
    largest = max(subtotal, total)
    if largest > MAX_AMOUNT:
        raise OrderTotalTooLarge(total=largest, maximum=MAX_AMOUNT)


def check_refund(*, paid: int, refunded: int, amount: int) -> int:
    """The refunded total after refunding ``amount``; never more than was paid."""
    if amount <= 0 or refunded + amount > paid:
        raise RefundTooLarge(amount=amount, refundable=paid - refunded)
    return refunded + amount
