"""Counters spread over several rows (shards), so that a crowd's guarded writes do not queue on one row.

A flash sale's units are counted twice this way: by its buckets (``campaigns.flash_sale``) and by its inventory
hold's lines (``inventory.holds``). A write picks one shard that holds enough and that no other transaction has
locked (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so buyers in flight never wait on each other while a free shard
holds units; a row lock lasts until commit, so without this they would run one after another. Only when every
such shard is locked does a write wait, for the first in primary-key order. PostgreSQL checks the guard again on
a row it waited for, and keeps that row locked even when it no longer matches while it goes on to the next:
waiting in one order that every writer shares is what keeps two of them from waiting on each other (a random
order deadlocks). SQLite has one writer at a time: there the pick is a plain one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select, update

from shoal.core.uow import UnitOfWork


def spread(quantity: int, shards: int) -> list[int]:
    """Spread ``quantity`` over ``shards`` rows that differ by at most one and add up to it."""
    base, extra = divmod(quantity, shards)
    return [base + (1 if i < extra else 0) for i in range(shards)]


async def add_to_one(uow: UnitOfWork, counter: Any, where: list[ColumnElement[bool]], delta: int) -> bool:
    """Add ``delta`` (a take when negative) to one shard among the rows ``where`` selects, one whose ``counter``
    stays at zero or more; ``False`` if no single shard can take it (the caller may gather over several).

    On PostgreSQL the tries run in a savepoint that a failure rolls back: a row locked and then found changed
    (``SKIP LOCKED`` locks the newest version and checks it again; a wait does the same) stays locked until the
    transaction ends otherwise, and a stray lock held while waiting in primary-key order is a deadlock."""
    if uow.db.dialect != "postgresql":
        return await _add(uow, counter, where, delta, skip_locked=False)
    async with uow.s.begin_nested() as savepoint:
        if await _add(uow, counter, where, delta, skip_locked=True) or await _add(
            uow, counter, where, delta, skip_locked=False
        ):
            return True
        await savepoint.rollback()
    return False


async def _add(
    uow: UnitOfWork, counter: Any, where: list[ColumnElement[bool]], delta: int, *, skip_locked: bool
) -> bool:
    model = counter.class_  # a mapped class with an ``id`` primary key
    at_least = max(0, -delta)
    pick = (
        select(model.id)
        .where(*where, counter >= at_least)
        .order_by(func.random() if skip_locked else model.id)
        .limit(1)
        .with_for_update(skip_locked=skip_locked)
        .scalar_subquery()
    )
    statement = (
        update(model)
        .where(model.id == pick, counter >= at_least)
        .values({counter.key: counter + delta})
        .execution_options(synchronize_session=False)
    )
    return (await uow.s.execute(statement)).rowcount == 1
