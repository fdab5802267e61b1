"""Holds carved from a parent hold: a flash sale takes units off the shelf once, and each order takes its units
from the sale's hold instead of from the shelf.

``on_hand`` and ``reserved`` of the stock rows do not change when units move between a parent and a child: they
stay reserved. Each move is a guarded statement on the parent's line (``quantity >= q``), after locking the parent
row with a guarded no-op update (``status = 'active'``): releasing the parent takes the same row lock first, so a
child never takes from, or gives back to, a parent whose lines are being returned to the shelf at that moment.
"""

from __future__ import annotations

from sqlalchemy import select, update

from shoal.core.uow import UnitOfWork
from shoal.inventory.errors import OutOfStock, reservation_not_found
from shoal.inventory.models import Reservation, ReservationLine
from shoal.inventory.rules import ReserveLine


async def lock_active_parent(uow: UnitOfWork, *, reference: str | None = None, parent_id: str | None = None) -> bool:
    """Lock the parent hold's row; says whether it is still active. One guarded statement (no read first)."""
    named = Reservation.reference == reference if reference is not None else Reservation.id == parent_id
    locked = await uow.s.execute(
        update(Reservation)
        .where(Reservation.tenant_id == uow.tenant_id, named, Reservation.status == "active")
        .values(status=Reservation.status)
        .execution_options(synchronize_session=False)
    )
    return locked.rowcount == 1


async def take_from_parent(uow: UnitOfWork, *, parent_reference: str, lines: list[ReserveLine]) -> str:
    """Move ``lines`` from the active parent hold to a new child; answers the parent's id.

    ``OutOfStock`` if the parent is not active or holds fewer units of a line than asked (the caller's
    transaction rolls back, so a partly taken parent is never left behind)."""
    active = await lock_active_parent(uow, reference=parent_reference)
    parent_id = (
        await uow.s.execute(
            select(Reservation.id).where(
                Reservation.tenant_id == uow.tenant_id, Reservation.reference == parent_reference
            )
        )
    ).scalar_one_or_none()
    if parent_id is None:
        raise reservation_not_found(parent_reference)
    for line in lines:
        if not active:
            raise _out_of_stock(line)
        taken = await uow.s.execute(
            update(ReservationLine)
            .where(
                ReservationLine.tenant_id == uow.tenant_id,
                ReservationLine.reservation_id == parent_id,
                ReservationLine.variant_id == line.variant_id,
                ReservationLine.location_id == line.location_id,
                ReservationLine.quantity >= line.quantity,
            )
            .values(quantity=ReservationLine.quantity - line.quantity)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            raise _out_of_stock(line)
    return parent_id


def _out_of_stock(line: ReserveLine) -> OutOfStock:
    return OutOfStock(variant_id=line.variant_id, location_id=line.location_id, requested=line.quantity, available=0)


async def return_to_parent(uow: UnitOfWork, *, parent_id: str, lines: list[ReserveLine]) -> bool:
    """Give a child's units back to its parent if the parent is still active; ``False``: the caller returns
    them to the shelf instead (the parent ended and its own units already went back)."""
    if not await lock_active_parent(uow, parent_id=parent_id):
        return False
    for line in lines:
        await uow.s.execute(
            update(ReservationLine)
            .where(
                ReservationLine.tenant_id == uow.tenant_id,
                ReservationLine.reservation_id == parent_id,
                ReservationLine.variant_id == line.variant_id,
                ReservationLine.location_id == line.location_id,
            )
            .values(quantity=ReservationLine.quantity + line.quantity)
            .execution_options(synchronize_session=False)
        )
    return True
