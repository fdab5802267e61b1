"""Shifts: a clerk opens one at a store with a cash float, sells in it, and closes it with the cash counted.

One open shift per clerk is a unique key (``Shift.open_key``), not a check in Python, so two opening taps make
one shift. Closing is one guarded ``UPDATE ... WHERE status = 'open'``: takings by method are summed from the
shift's sales and returns, the drawer's expected cash is the float plus the net cash, and the difference between
counted and expected is recorded for the manager.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import get_location
from shoal.pos import rules
from shoal.pos.errors import NoOpenShift, NotAStore, NotAtAStore, ShiftAlreadyOpen, ShiftClosed
from shoal.pos.models import Sale, SaleReturn, Shift
from shoal.pos.schemas import ShiftClose, ShiftOpen, ShiftRead

OPEN, CLOSED = "open", "closed"


async def open_shift(uow: UnitOfWork, *, data: ShiftOpen) -> ShiftRead:
    async with uow:
        uow.actor.require("pos.sell")
        location_id = await store_of_till(uow, data.location_id)
        clerk = _clerk(uow)
        shift = Shift(
            tenant_id=uow.tenant_id, location_id=location_id, clerk_id=clerk, open_key=clerk, status=OPEN,
            opening_float=data.opening_float, takings={}, opened_at=uow.clock.now(),
        )  # fmt: skip
        try:
            async with uow.s.begin_nested():
                uow.s.add(shift)
                await uow.s.flush()
        except IntegrityError:
            raise ShiftAlreadyOpen() from None
        uow.audit("pos.shift_open", "pos_shift", shift.id, {"location_id": location_id, "float": data.opening_float})
        await uow.commit()
        return ShiftRead.model_validate(shift)


async def my_shift(uow: UnitOfWork) -> ShiftRead | None:
    """The signed-in clerk's open shift, if any."""
    async with uow:
        uow.actor.require("pos.sell")
        shift = await _open_shift_of(uow, _clerk(uow))
        return ShiftRead.model_validate(shift) if shift else None


async def close_shift(uow: UnitOfWork, *, shift_id: str, data: ShiftClose) -> ShiftRead:
    async with uow:
        shift = await _shift(uow, shift_id)
        if shift.status != OPEN:
            raise ShiftClosed()
        net = await shift_takings(uow, shift.id)
        expected = rules.expected_cash(shift.opening_float, net)
        now = uow.clock.now()
        closed = await uow.s.execute(
            update(Shift)
            .where(Shift.tenant_id == uow.tenant_id, Shift.id == shift.id, Shift.status == OPEN)
            .values(
                status=CLOSED, open_key=None, counted_cash=data.counted_cash, expected_cash=expected,
                difference=data.counted_cash - expected, takings=net, note=data.note, closed_at=now,
            )
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if closed.rowcount != 1:
            raise ShiftClosed()
        uow.audit("pos.shift_close", "pos_shift", shift.id, {"counted": data.counted_cash, "expected": expected})
        await uow.commit()
        await uow.s.refresh(shift)
        return ShiftRead.model_validate(shift)


async def get_shift(uow: UnitOfWork, *, shift_id: str) -> ShiftRead:
    async with uow:
        shift = await _shift(uow, shift_id)
        read = ShiftRead.model_validate(shift)
        if shift.status == OPEN:
            net = await shift_takings(uow, shift.id)
            read = read.model_copy(
                update={"takings": net, "expected_cash": rules.expected_cash(shift.opening_float, net)}
            )
        return read


async def shift_takings(uow: UnitOfWork, shift_id: str) -> dict[str, int]:
    """Net takings by method of the shift's completed sales and its returns."""
    sales = await uow.s.execute(
        select(Sale.tenders).where(Sale.tenant_id == uow.tenant_id, Sale.shift_id == shift_id,
                                   Sale.status == rules.COMPLETED)
    )  # fmt: skip
    returns = await uow.s.execute(
        select(SaleReturn.refunds).where(SaleReturn.tenant_id == uow.tenant_id, SaleReturn.shift_id == shift_id)
    )
    return rules.takings(sales.scalars(), returns.scalars())


async def selling_shift(uow: UnitOfWork, *, offline: bool = False) -> Shift:
    """The clerk's open shift, which a sale or a return is booked to (409 ``no_open_shift`` without one). A sale
    queued offline may upload after its shift closed: it is booked to the clerk's latest shift."""
    clerk = _clerk(uow)
    shift = await _open_shift_of(uow, clerk)
    if shift is None and offline:
        latest = select(Shift).where(Shift.tenant_id == uow.tenant_id, Shift.clerk_id == clerk)
        shift = (await uow.s.execute(latest.order_by(Shift.opened_at.desc()).limit(1))).scalar_one_or_none()
    if shift is None:
        raise NoOpenShift()
    return shift


async def store_of_till(uow: UnitOfWork, requested: str | None) -> str:
    """The active store a till sells in: a clerk's own store (naming another is 404), or the one named by staff
    who are not tied to a store."""
    tied = uow.actor.location_id
    if tied and requested and requested != tied:
        raise NotFound("location")
    location_id = tied or requested
    if not location_id:
        raise NotAtAStore()
    store = await get_location(uow, location_id=location_id)
    if store.kind != "store" or not store.active:
        raise NotAStore()
    return store.id


async def _open_shift_of(uow: UnitOfWork, clerk: str) -> Shift | None:
    return (
        await uow.s.execute(select(Shift).where(Shift.tenant_id == uow.tenant_id, Shift.open_key == clerk))
    ).scalar_one_or_none()


async def _shift(uow: UnitOfWork, shift_id: str) -> Shift:
    """A shift the actor may handle: their own, or any of their store's (the whole shop's, untied) for managers
    (``orders.manage``). Anything else is 404."""
    uow.actor.require("pos.sell")
    query = select(Shift).where(Shift.tenant_id == uow.tenant_id, Shift.id == shift_id)
    if "orders.manage" not in uow.actor.permissions:
        query = query.where(Shift.clerk_id == _clerk(uow))
    elif uow.actor.location_id:
        query = query.where(Shift.location_id == uow.actor.location_id)
    shift = (await uow.s.execute(query)).scalar_one_or_none()
    if shift is None:
        raise NotFound("shift")
    return shift


def _clerk(uow: UnitOfWork) -> str:
    if uow.actor.kind != "staff" or not uow.actor.id:
        raise NotFound("shift")
    return uow.actor.id
