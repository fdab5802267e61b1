"""Which customers the staff of one store may see: those who bought at that store.

A clerk (staff tied to a store by ``Actor.location_id``) works the counter of one shop; the shop's other
members, and the addresses and phones behind them, are none of their business. Customers know nothing of
orders, so the orders domain registers where "bought at this store" comes from (``store_customers_source``):
a query of customer ids, used as a sub-query so a store with many members costs one statement. Until a
source is registered, store staff see no customers at all: the safe default.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, false

from shoal.core.actors import Actor
from shoal.customers.models import Customer

StoreCustomers = Callable[[str, str], Select[tuple[str | None]]]  # (tenant_id, location_id) -> customer ids
_sources: list[StoreCustomers] = []


def store_customers_source(source: StoreCustomers) -> StoreCustomers:
    """Make ``source`` what says which customers bought at a store (the last one registered wins)."""
    _sources.append(source)
    return source


def store_of(actor: Actor) -> str | None:
    """The store a staff actor is tied to, or ``None`` for staff who see the whole shop (and non-staff)."""
    return actor.location_id if actor.kind == "staff" else None


def visible_to(actor: Actor, tenant_id: str) -> ColumnElement[bool] | None:
    """A condition on customers that keeps the ones ``actor`` may see, or ``None`` when they may see all."""
    location_id = store_of(actor)
    if location_id is None:
        return None
    if not _sources:
        return false()
    return Customer.id.in_(_sources[-1](tenant_id, location_id))
