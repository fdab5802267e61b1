"""What a payment can pay: orders, and kinds other domains register (a stored-value top-up).

Payments builds on orders and never imports the domains above it; a domain whose things are paid like
orders registers a ``Payable`` under an id prefix its ids carry (a top-up's id starts with ``tu``, which no
UUID does), and ``start_payment``, notifications and refunds ask ``payable_of(id)`` instead of orders.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from shoal.orders import service as orders
from shoal.orders.schemas import PaidOutcome, PayableOrder


@dataclass(frozen=True, slots=True)
class Payable:
    get: Callable[..., Awaitable[PayableOrder]]  # (uow, *, order_id, customer_id=None)
    mark_paid: Callable[..., Awaitable[PaidOutcome]]  # (uow, *, order_id, payment_id, amount, paid_at)
    record_refund: Callable[..., Awaitable[object]]  # (uow, *, order_id, amount, line_refunds)


ORDERS = Payable(orders.get_payable, orders.mark_paid, orders.record_refund)
_kinds: dict[str, Payable] = {}


def register_payable(prefix: str, payable: Payable) -> None:
    _kinds[prefix] = payable


def payable_of(order_id: str) -> Payable:
    for prefix, payable in _kinds.items():
        if order_id.startswith(prefix):
            return payable
    return ORDERS
