"""Reservations: stock held for an order until it is paid (confirmed), abandoned (released) or expires;
an expired one is retaken if its payment comes late and the units are still there, and a confirmed one is
restocked if its paid order is called off before anything shipped.

Checkout and orders call these on a shopper's behalf, so they check no staff permission; the admin
list does. A reservation changes state once: every transition is a guarded ``WHERE status='active'``
update, so confirming twice, or the sweeper racing a payment, moves stock only once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from shoal.core import shards
from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.pagination import Page, decode_cursor
from shoal.core.scheduler import tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.inventory.errors import InvalidQuantity, OutOfStock, ReservationExists, reservation_not_found
from shoal.inventory.events import ReservationConfirmed, ReservationExpired, ReservationReleased
from shoal.inventory.holds import return_to_parent, take_from_parent
from shoal.inventory.models import Reservation, ReservationLine
from shoal.inventory.repository import Movement, apply_all_or_out_of_stock, page_of, require_locations
from shoal.inventory.rules import ReserveLine, lock_order
from shoal.inventory.schemas import ReservationLineRead, ReservationRead

DEFAULT_TTL = timedelta(minutes=30)
SWEEP_BATCH = 200


async def reserve(
    uow: UnitOfWork,
    *,
    reference: str,
    lines: list[ReserveLine],
    ttl: timedelta | None = None,
    parent_reference: str | None = None,
    pool_shards: int = 1,
) -> ReservationRead:
    """Hold every line or nothing. Held from the shelf, ``OutOfStock`` leaves nothing written (the stock moves
    first, in one all-or-nothing statement, and the reservation is written only after it), so a caller may
    plan again in the same transaction.

    With ``parent_reference`` the units come from that active hold instead of the shelf (``holds``): a
    flash sale's order takes its units from the sale, and gives them back to it if it is never paid; there a
    refusal may leave the parent partly taken, for the caller's transaction (or savepoint) to roll back.
    ``pool_shards`` > 1 makes this hold such a parent for a crowd: each line is kept on that many rows.

    All lines are one guarded UPDATE (``on_hand - reserved >= q`` for every row) after locking the
    rows in primary-key order, so concurrent reservations never deadlock and the statement count does
    not grow with the lines. ``ttl`` defaults to 30 minutes;
    callers pass ``timedelta(minutes=settings.reservation_minutes)``.
    """
    ordered = lock_order(lines)
    if not ordered:
        raise InvalidQuantity(quantity=0)
    for line in ordered:
        if line.quantity <= 0:
            raise InvalidQuantity(quantity=line.quantity)
    async with uow:
        now = uow.clock.now()
        parent_id = None
        if parent_reference is not None:
            await require_locations(uow, {line.location_id for line in ordered})
            parent_id = await take_from_parent(uow, parent_reference=parent_reference, lines=ordered)
        else:
            try:
                await apply_all_or_out_of_stock(
                    uow,
                    [Movement(x.variant_id, x.location_id, 0, x.quantity, "reservation", reference) for x in ordered],
                )
            except OutOfStock:
                # An unknown location holds nothing, so the guarded update finds it first: only then is it read
                # whether the locations exist (404 for one that does not), not on every reservation.
                await require_locations(uow, {line.location_id for line in ordered})
                raise
        held = dict(
            id=new_id(), tenant_id=uow.tenant_id, reference=reference, status="active", parent_id=parent_id,
            expires_at=now + (ttl or DEFAULT_TTL), created_at=now, closed_at=None,
        )  # fmt: skip
        try:  # past the ORM: nothing in this transaction reads the new rows back as objects
            await uow.run(_WRITE_RESERVATION, held)
        except IntegrityError as exc:
            raise ReservationExists(reference=reference) from exc
        lines = [
            dict(
                id=new_id(),
                tenant_id=uow.tenant_id,
                reservation_id=held["id"],
                variant_id=line.variant_id,
                location_id=line.location_id,
                quantity=part,
            )
            for line in ordered
            for part in shards.spread(line.quantity, pool_shards)
        ]
        await uow.run(_WRITE_LINES, lines)
        reservation = Reservation(**held)
        await uow.commit()
        return _read(reservation, ordered)


async def confirm_reservation(uow: UnitOfWork, *, reference: str) -> ReservationRead:
    """The order is paid: reserved units leave as a sale. Confirming again changes nothing.

    A reservation past its expiry that the sweeper has not reached yet still holds its stock, so a
    payment arriving at that moment is honoured rather than refused.
    """
    async with uow:
        reservation, moved, lines = await _transition(uow, reference, to="confirmed", action="confirm")
        if moved:
            await apply_all_or_out_of_stock(
                uow, [Movement(x.variant_id, x.location_id, -x.quantity, -x.quantity, "sale", reference) for x in lines]
            )
            uow.emit(ReservationConfirmed(reservation_id=reservation.id, reference=reference))
        await uow.commit()
        return _read(reservation, lines)


async def retake_reservation(uow: UnitOfWork, *, reference: str) -> ReservationRead:
    """The order is paid after its hold expired: sell the same units again if they are still available.

    The expiry gave them back to everyone, so they are taken from ``available`` by the one guarded
    statement every sale uses (``OutOfStock`` if another order has them now), never from a count read here:
    whichever sweeper ran first, a unit is sold once. Only an ``expired`` hold is retaken (``invalid_state``
    otherwise); ``expired -> confirmed`` is a guarded update, so retaking twice sells once.
    """
    async with uow:
        reservation, moved, lines = await _transition(
            uow, reference, to="confirmed", action="confirm", source="expired"
        )
        if moved:
            await apply_all_or_out_of_stock(
                uow, [Movement(x.variant_id, x.location_id, -x.quantity, 0, "sale", reference) for x in lines]
            )
            uow.emit(ReservationConfirmed(reservation_id=reservation.id, reference=reference))
        await uow.commit()
        return _read(reservation, lines)


async def release_reservation(uow: UnitOfWork, *, reference: str) -> ReservationRead:
    """The order was cancelled: reserved units become available again. Releasing again changes nothing."""
    async with uow:
        reservation, moved, lines = await _transition(uow, reference, to="released", action="release")
        if moved:
            await _give_back(uow, reservation, lines)
            uow.emit(ReservationReleased(reservation_id=reservation.id, reference=reference))
        await uow.commit()
        return _read(reservation, lines)


async def restock_reservation(uow: UnitOfWork, *, reference: str) -> ReservationRead:
    """A paid order was called off before anything left: its sold units go back on the shelf, once.

    ``confirmed -> restocked`` is a guarded update, so cancelling twice (or two staff at once) restocks once;
    each unit is written to the ledger as a ``cancellation``. A reservation never confirmed sold nothing:
    ``invalid_state``.
    """
    async with uow:
        reservation, moved, lines = await _transition(
            uow, reference, to="restocked", action="restock", source="confirmed"
        )
        if moved:
            await apply_all_or_out_of_stock(
                uow, [Movement(x.variant_id, x.location_id, x.quantity, 0, "cancellation", reference) for x in lines]
            )
        await uow.commit()
        return _read(reservation, lines)


async def release_expired_reservations(db: Database) -> int:
    """Sweeper: release active reservations past their expiry, tenant by tenant. Returns how many."""
    released = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            references = (
                await uow.s.execute(
                    select(Reservation.reference)
                    .where(
                        Reservation.tenant_id == tenant_id,
                        Reservation.status == "active",
                        Reservation.expires_at <= uow.clock.now(),
                    )
                    .order_by(Reservation.expires_at)
                    .limit(SWEEP_BATCH)
                )
            ).scalars()
            for reference in list(references):
                try:
                    reservation, moved, lines = await _transition(uow, reference, to="expired", action="expire")
                except InvalidState:  # confirmed or released since it was listed: nothing to release
                    continue
                if moved:
                    await _give_back(uow, reservation, lines)
                    uow.emit(ReservationExpired(reservation_id=reservation.id, reference=reference))
                    released += 1
            await uow.commit()
    return released


async def list_reservations(
    uow: UnitOfWork,
    *,
    limit: int,
    cursor: str | None = None,
    status: str | None = None,
    reference: str | None = None,
) -> Page[ReservationRead]:
    async with uow:
        uow.actor.require("inventory.read")
        query = select(Reservation).where(Reservation.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Reservation.status == status)
        if reference:
            query = query.where(Reservation.reference == reference)
        if uow.actor.location_id:
            query = query.where(
                exists().where(
                    ReservationLine.tenant_id == uow.tenant_id,
                    ReservationLine.reservation_id == Reservation.id,
                    ReservationLine.location_id == uow.actor.location_id,
                )
            )
        after = decode_cursor(cursor)
        if after:
            query = query.where(Reservation.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(Reservation.id.desc()).limit(limit + 1))).scalars().all()
        lines = await _lines_of(uow, [r.id for r in rows])
    return page_of([_read(r, lines[r.id]) for r in rows], limit)


# Every checkout writes a reservation and its lines: built once.
_WRITE_RESERVATION = Reservation.__table__.insert()
_WRITE_LINES = ReservationLine.__table__.insert()


# Every payment, cancellation and expiry moves a reservation and reads its lines: built once, bound per call.
_MOVE = (
    update(Reservation)
    .where(
        Reservation.tenant_id == bindparam("tenant"),
        Reservation.reference == bindparam("held_for"),
        Reservation.status == bindparam("source"),
    )
    .values(status=bindparam("target"), closed_at=bindparam("at"))
    .execution_options(synchronize_session=False, populate_existing=True)
)
_LINES_OF = (
    select(ReservationLine)
    .where(
        ReservationLine.tenant_id == bindparam("tenant"),
        ReservationLine.reservation_id.in_(bindparam("reservations", expanding=True)),
    )
    .order_by(ReservationLine.variant_id, ReservationLine.location_id)
)
_MOVE_RETURNING = _MOVE.returning(Reservation)
# On PostgreSQL the move and the read of its lines are one statement: the move answers its row from a
# data-modifying CTE, which the select joins to the lines (SQLite has no DML in a CTE: two statements there).
_MOVED = _MOVE.returning(*Reservation.__table__.c).cte("moved")
_MOVED_RESERVATION = aliased(Reservation, _MOVED)
_MOVE_WITH_LINES = (
    select(_MOVED_RESERVATION, ReservationLine.variant_id, ReservationLine.location_id, ReservationLine.quantity)
    .outerjoin(
        ReservationLine,
        (ReservationLine.tenant_id == _MOVED_RESERVATION.tenant_id)
        & (ReservationLine.reservation_id == _MOVED_RESERVATION.id),
    )
    .order_by(ReservationLine.variant_id, ReservationLine.location_id)
    .execution_options(populate_existing=True)
)


async def _transition(
    uow: UnitOfWork, reference: str, *, to: str, action: str, source: str = "active"
) -> tuple[Reservation, bool, list[ReserveLine]]:
    """Move a reservation from ``source`` to ``to``; answers it, whether this call moved it (a repeat is a
    no-op) and its lines. The move answers the row itself (and, on PostgreSQL, its lines in the same
    statement); only a reservation that did not move is read, to say why."""
    params = {"tenant": uow.tenant_id, "held_for": reference, "source": source, "target": to, "at": uow.clock.now()}
    if uow.db.dialect == "postgresql":
        rows = (await uow.s.execute(_MOVE_WITH_LINES, params)).all()
        if rows:
            lines = lock_order(ReserveLine(v, loc, q) for _, v, loc, q in rows if v is not None)
            return rows[0][0], True, lines
    else:
        moved = (await uow.s.execute(_MOVE_RETURNING, params)).scalar_one_or_none()
        if moved is not None:
            return moved, True, await _lines(uow, moved.id)
    reservation = (
        await uow.s.execute(
            select(Reservation)
            .where(Reservation.tenant_id == uow.tenant_id, Reservation.reference == reference)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if reservation is None:
        raise reservation_not_found(reference)
    if reservation.status != to:
        raise InvalidState(action=action, entity="reservation", state=reservation.status)
    return reservation, False, await _lines(uow, reservation.id)


async def _give_back(uow: UnitOfWork, reservation: Reservation, lines: list[ReserveLine]) -> None:
    """Units go back to the parent hold while it is active, else to the shelf (a parent's own empty lines move
    nothing)."""
    if reservation.parent_id and await return_to_parent(uow, parent_id=reservation.parent_id, lines=lines):
        return
    moves = [
        Movement(x.variant_id, x.location_id, 0, -x.quantity, "release", reservation.reference)
        for x in lines
        if x.quantity
    ]
    if moves:
        await apply_all_or_out_of_stock(uow, moves)


async def _lines(uow: UnitOfWork, reservation_id: str) -> list[ReserveLine]:
    return (await _lines_of(uow, [reservation_id]))[reservation_id]


async def _lines_of(uow: UnitOfWork, reservation_ids: list[str]) -> dict[str, list[ReserveLine]]:
    rows = (await uow.s.execute(_LINES_OF, {"tenant": uow.tenant_id, "reservations": reservation_ids})).scalars()
    grouped: dict[str, list[ReserveLine]] = defaultdict(list)
    for row in rows:
        grouped[row.reservation_id].append(ReserveLine(row.variant_id, row.location_id, row.quantity))
    return defaultdict(list, {held: lock_order(lines) for held, lines in grouped.items()})  # a pool's rows as one


def _read(reservation: Reservation, lines: list[ReserveLine]) -> ReservationRead:
    return ReservationRead(
        id=reservation.id,
        reference=reservation.reference,
        status=reservation.status,
        expires_at=reservation.expires_at,
        created_at=reservation.created_at,
        closed_at=reservation.closed_at,
        lines=[
            ReservationLineRead(variant_id=x.variant_id, location_id=x.location_id, quantity=x.quantity) for x in lines
        ],
    )
