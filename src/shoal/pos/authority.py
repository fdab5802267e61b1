"""What a clerk's till does on the orders and payments domains' behalf, with the permissions they check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from shoal.core.uow import UnitOfWork

TILL_AUTHORITY = frozenset({"orders.manage", "inventory.write"})


@contextmanager
def till_authority(uow: UnitOfWork) -> Iterator[None]:
    """A till return's refund and restock, or an unpaid sale's cancellation, for this call only."""
    actor = uow.actor
    uow.actor = replace(actor, permissions=actor.permissions | TILL_AUTHORITY)
    try:
        yield
    finally:
        uow.actor = actor
