"""Pure rules of after-sales: which moves a case may make, and how much money a refund is.

Money: a line's ``line_total`` already carries its share of the order's discounts. Splitting it into
per-unit amounts with the largest remainder makes unit refunds add up to exactly the line total, so
refunding a line unit by unit can never pay back more (or less) than was paid for it.
"""

from __future__ import annotations

from shoal.core.media import is_upload_of
from shoal.core.money import allocate

REFUND_ONLY, RETURN_REFUND, EXCHANGE = "refund_only", "return_refund", "exchange"
KINDS = (REFUND_ONLY, RETURN_REFUND, EXCHANGE)
REQUESTED, APPROVED, RECEIVED = "requested", "approved", "received"
REFUNDED, EXCHANGED, REJECTED, CANCELLED = "refunded", "exchanged", "rejected", "cancelled"
OPEN = frozenset({REQUESTED, APPROVED, RECEIVED})
ORDER_STATUSES_ALLOWED = frozenset({"paid", "partially_shipped", "shipped", "delivered", "completed"})
AFTER_SALES_PHOTOS = "after-sales"

_MOVES: dict[str, dict[str, frozenset[str]]] = {
    REFUND_ONLY: {REQUESTED: frozenset({APPROVED, REJECTED, CANCELLED}), APPROVED: frozenset({REFUNDED})},
    RETURN_REFUND: {
        REQUESTED: frozenset({APPROVED, REJECTED, CANCELLED}),
        APPROVED: frozenset({RECEIVED}),
        RECEIVED: frozenset({REFUNDED}),
    },
    EXCHANGE: {
        REQUESTED: frozenset({APPROVED, REJECTED, CANCELLED}),
        APPROVED: frozenset({RECEIVED}),
        RECEIVED: frozenset({EXCHANGED}),
    },
}


def waits_for_shop(kind: str, status: str) -> bool:
    """Whether the shop's staff are the next to act on a case (the dashboard's 待处理售后): a new request
    to approve or reject, returned goods received and due their refund or exchange, or an approved
    refund-only case due its refund. An approved return waits for the shopper to send the goods back."""
    return status in (REQUESTED, RECEIVED) or (status == APPROVED and kind == REFUND_ONLY)


def can_move(kind: str, status: str, to: str) -> bool:
    return to in _MOVES.get(kind, {}).get(status, frozenset())


def unit_amounts(line_total: int, quantity: int) -> list[int]:
    """What each unit of a line cost, to the fen, summing exactly to ``line_total``."""
    return allocate(line_total, [1] * quantity)


def refund_for_units(line_total: int, quantity: int, already_refunded_units: int, units: int) -> int:
    """The money for the next ``units`` of a line whose first ``already_refunded_units`` were refunded."""
    if units < 0 or already_refunded_units < 0 or already_refunded_units + units > quantity:
        raise ValueError("cannot refund more units than the line has")
    return sum(unit_amounts(line_total, quantity)[already_refunded_units : already_refunded_units + units])


def refunds_shipping(lines_fully_refunded_after: bool, shipping_fee: int, asked: bool) -> int:
    """Shipping goes back only when asked and only once every line of the order is refunded."""
    return shipping_fee if asked and lines_fully_refunded_after else 0


def foreign_photos(photos: list[str], tenant_id: str) -> list[str]:
    """The photos that are not uploads of this shop's after-sales folder. Staff open a case's photos in the
    console, so an address typed by a shopper (a ``javascript:`` link, an image on someone else's server)
    must never be stored."""
    return [url for url in photos if not is_upload_of(url, tenant_id, AFTER_SALES_PHOTOS)]
