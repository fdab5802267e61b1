"""Holds carved from a parent hold (a pool): a flash sale takes units off the shelf once, and each order takes its
units from the sale's hold instead of from the shelf.

``on_hand`` and ``reserved`` of the stock rows do not change when units move between a parent and a child: they
stay reserved. A pool keeps each SKU's units on several line rows (``reserve(pool_shards=)``, ``core.shards``), so a
crowd's orders take from different rows side by side instead of queueing on one until each commits; what the pool
holds of a SKU is the sum of its rows. A child first takes a *shared* lock on the parent's row (``FOR SHARE``),
which children do not wait on but which releasing the parent (an update of that row) waits for: so a child never
takes from, or gives back to, a parent whose lines are being returned to the shelf at that moment.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select, update

from shoal.core import shards
from shoal.core.uow import UnitOfWork
from shoal.inventory.errors import OutOfStock, reservation_not_found
from shoal.inventory.models import Reservation, ReservationLine
from shoal.inventory.rules import ReserveLine


async def take_from_parent(uow: UnitOfWork, *, parent_reference: str, lines: list[ReserveLine]) -> str:
    """Move ``lines`` from the active parent hold to a new child; answers the parent's id.

    ``OutOfStock`` if the parent is not active or holds fewer units of a line than asked (the caller's
    transaction rolls back, so a partly taken parent is never left behind)."""
    found = (await uow.s.execute(_locked(Reservation.reference == parent_reference, uow.tenant_id))).first()
    if found is None:
        raise reservation_not_found(parent_reference)
    parent_id, status = found
    for line in lines:
        if status != "active" or not (
            await shards.add_to_one(uow, ReservationLine.quantity, _rows_of(uow, parent_id, line), -line.quantity)
            or await _gather(uow, parent_id, line)
        ):
            raise _out_of_stock(line)
    return parent_id


async def return_to_parent(uow: UnitOfWork, *, parent_id: str, lines: list[ReserveLine]) -> bool:
    """Give a child's units back to its parent if the parent is still active; ``False``: the caller returns
    them to the shelf instead (the parent ended and its own units already went back)."""
    found = (await uow.s.execute(_locked(Reservation.id == parent_id, uow.tenant_id))).first()
    if found is None or found.status != "active":
        return False
    for line in lines:
        await shards.add_to_one(uow, ReservationLine.quantity, _rows_of(uow, parent_id, line), line.quantity)
    return True


def _locked(named: ColumnElement[bool], tenant_id: str | None) -> Select[tuple[str, str]]:
    """The parent's id and status, its row share-locked until commit (see the module's docstring)."""
    return (
        select(Reservation.id, Reservation.status)
        .where(Reservation.tenant_id == tenant_id, named)
        .with_for_update(read=True)
    )


def _rows_of(uow: UnitOfWork, parent_id: str, line: ReserveLine) -> list[ColumnElement[bool]]:
    return [
        ReservationLine.tenant_id == uow.tenant_id,
        ReservationLine.reservation_id == parent_id,
        ReservationLine.variant_id == line.variant_id,
        ReservationLine.location_id == line.location_id,
    ]


async def _gather(uow: UnitOfWork, parent_id: str, line: ReserveLine) -> bool:
    """A quantity no single row holds, taken over several: the rows are locked in primary-key order (the one
    order every gatherer shares, so two never wait on each other) and read once locked."""
    rows = (
        await uow.s.execute(
            select(ReservationLine.id, ReservationLine.quantity)
            .where(*_rows_of(uow, parent_id, line), ReservationLine.quantity > 0)
            .order_by(ReservationLine.id)
            .with_for_update()
        )
    ).all()
    if sum(quantity for _, quantity in rows) < line.quantity:
        return False
    needed = line.quantity
    for row_id, quantity in rows:
        if needed == 0:
            break
        take = min(needed, quantity)
        await uow.s.execute(
            update(ReservationLine)
            .where(ReservationLine.tenant_id == uow.tenant_id, ReservationLine.id == row_id)
            .values(quantity=ReservationLine.quantity - take)
            .execution_options(synchronize_session=False)
        )
        needed -= take
    return True


def _out_of_stock(line: ReserveLine) -> OutOfStock:
    return OutOfStock(variant_id=line.variant_id, location_id=line.location_id, requested=line.quantity, available=0)
