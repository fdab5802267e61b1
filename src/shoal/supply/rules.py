"""Pure purchasing rules: the purchase order's state machine, what is still open on a line, and costs.

No I/O here; the services read rows and call these, and the database's guarded statements enforce them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# Which statuses each action may start from, and where it leads. Receiving and returning leave the status to
# ``after_receipt``: a partial receipt is ``partially_received``, a complete one ``received``.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "send": (("draft",), "sent"),
    "cancel": (("draft", "sent"), "cancelled"),
    "close": (("sent", "partially_received", "received"), "closed"),
}
RECEIVABLE = ("sent", "partially_received")
RETURNABLE = ("partially_received", "received", "closed")


def open_quantity(quantity: int, received: int) -> int:
    """Units still expected on a line (never negative: an over-receipt leaves nothing open)."""
    return max(quantity - received, 0)


def after_receipt(lines: Iterable[tuple[int, int]]) -> str:
    """The status a receivable order takes once ``(quantity, received)`` of each line are known."""
    return "received" if all(received >= quantity for quantity, received in lines) else "partially_received"


def merge_lines(lines: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Receipt lines per variant, summed and sorted: one guarded update per line, taken in one order by every
    transaction (no deadlock between two receipts of the same order)."""
    totals: dict[str, int] = defaultdict(int)
    for variant_id, quantity in lines:
        totals[variant_id] += quantity
    return sorted(totals.items())


def line_cost(quantity: int, unit_cost: int) -> int:
    """Cost of ``quantity`` units at ``unit_cost`` fen: integers, exact."""
    return quantity * unit_cost


def po_number(day: str, sequence_hint: str) -> str:
    """A human purchase-order number, ``PO20261130`` and a unique tail (the row id's last characters)."""
    return f"PO{day}{sequence_hint[-8:].upper()}"
