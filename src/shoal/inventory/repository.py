"""The one way stock changes: a guarded single UPDATE plus its ledger row, in the caller's transaction.

Every movement (receipt, sale, reservation, transfer, stocktake...) is a pair of deltas applied by
``apply_delta``. Its WHERE clause states the invariants of the row *after* the change (on hand and
reserved never negative, reserved never above on hand), so the database decides atomically whether
the change fits; Python never reads a count and then writes a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, case, func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from shoal.core.ids import new_id
from shoal.core.pagination import Page, encode_cursor
from shoal.core.uow import UnitOfWork
from shoal.inventory.errors import OutOfStock, location_not_found
from shoal.inventory.models import LedgerEntry, Location, Stock
from shoal.inventory.schemas import StockRead

# What a ``StockRead`` is made of, for statements that return stock rows.
STOCK_COLUMNS = (
    Stock.id,
    Stock.variant_id,
    Stock.location_id,
    Stock.on_hand,
    Stock.reserved,
    Stock.low_stock_threshold,
    Stock.updated_at,
)


@dataclass(frozen=True, slots=True)
class Movement:
    variant_id: str
    location_id: str
    delta_on_hand: int
    delta_reserved: int
    reason: str
    reference: str | None = None
    note: str | None = None


def can_see(uow: UnitOfWork, location_id: str) -> bool:
    """A clerk is tied to one location and sees nothing of the others."""
    return uow.actor.location_id is None or uow.actor.location_id == location_id


async def get_location(uow: UnitOfWork, location_id: str) -> Location:
    """The tenant's location, or 404 (also for another tenant's, or another store's for a clerk)."""
    row = (
        await uow.s.execute(select(Location).where(Location.tenant_id == uow.tenant_id, Location.id == location_id))
    ).scalar_one_or_none()
    if row is None or not can_see(uow, row.id):
        raise location_not_found(location_id)
    return row


async def require_locations(uow: UnitOfWork, location_ids: set[str]) -> None:
    """Every id names a location of this tenant (one query), else 404 naming the first unknown one."""
    found = set(
        (
            await uow.s.execute(
                select(Location.id).where(Location.tenant_id == uow.tenant_id, Location.id.in_(location_ids))
            )
        ).scalars()
    )
    missing = sorted(location_ids - found)
    if missing:
        raise location_not_found(missing[0])


async def ensure_stock_row(uow: UnitOfWork, variant_id: str, location_id: str) -> None:
    """Create the (variant, location) row at zero if absent; concurrent twins both succeed."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    await uow.s.execute(
        insert(Stock)
        .values(
            id=new_id(),
            tenant_id=uow.tenant_id,
            variant_id=variant_id,
            location_id=location_id,
            on_hand=0,
            reserved=0,
            updated_at=uow.clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "variant_id", "location_id"])
    )


async def apply_delta(uow: UnitOfWork, move: Movement, *, expect_on_hand: int | None = None) -> StockRead | None:
    """Apply ``move`` with one guarded UPDATE and append its ledger row; ``None`` if it does not fit.

    ``expect_on_hand`` turns the update into a compare-and-set (stocktakes: the delta was computed
    from that count, so it only applies if nobody moved stock in between).
    """
    d_on_hand, d_reserved = move.delta_on_hand, move.delta_reserved
    statement = (
        update(Stock)
        .where(
            Stock.tenant_id == uow.tenant_id,
            Stock.variant_id == move.variant_id,
            Stock.location_id == move.location_id,
            Stock.on_hand + d_on_hand >= 0,
            Stock.reserved + d_reserved >= 0,
            Stock.on_hand + d_on_hand - (Stock.reserved + d_reserved) >= 0,
        )
        .values(on_hand=Stock.on_hand + d_on_hand, reserved=Stock.reserved + d_reserved, updated_at=uow.clock.now())
        .returning(*STOCK_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    if expect_on_hand is not None:
        statement = statement.where(Stock.on_hand == expect_on_hand)
    row = (await uow.s.execute(statement)).one_or_none()
    if row is None:
        return None
    stock = StockRead.model_validate(row)
    uow.s.add(
        LedgerEntry(
            tenant_id=uow.tenant_id,
            variant_id=move.variant_id,
            location_id=move.location_id,
            delta_on_hand=d_on_hand,
            delta_reserved=d_reserved,
            on_hand_after=stock.on_hand,
            reserved_after=stock.reserved,
            reason=move.reason,
            reference=move.reference,
            note=move.note,
            actor=uow.actor.label,
            at=uow.clock.now(),
        )
    )
    return stock


async def apply_or_out_of_stock(uow: UnitOfWork, move: Movement, requested: int) -> StockRead:
    """``apply_delta``, or ``OutOfStock`` saying how much was there (read only to word the error)."""
    stock = await apply_delta(uow, move)
    if stock is None:
        current = await read_stock(uow, move.variant_id, move.location_id)
        raise OutOfStock(
            variant_id=move.variant_id,
            location_id=move.location_id,
            requested=requested,
            available=current.available if current else 0,
        )
    return stock


async def read_stock(uow: UnitOfWork, variant_id: str, location_id: str) -> StockRead | None:
    row = (
        await uow.s.execute(
            select(*STOCK_COLUMNS).where(
                Stock.tenant_id == uow.tenant_id, Stock.variant_id == variant_id, Stock.location_id == location_id
            )
        )
    ).one_or_none()
    return StockRead.model_validate(row) if row else None


def scope_to_location(uow: UnitOfWork, query: Select[Any], column: Any, location_id: str | None) -> Select[Any]:
    """Filter by location; a clerk is held to its own, and asking for another one is a 404."""
    own = uow.actor.location_id
    if own and location_id and location_id != own:
        raise location_not_found(location_id)
    wanted = location_id or own
    return query.where(column == wanted) if wanted else query


def low_stock() -> ColumnElement[bool]:
    """The SQL of ``rules.is_low_stock``: a threshold is set and available units fell to it or below."""
    return and_(Stock.low_stock_threshold.is_not(None), Stock.on_hand - Stock.reserved <= Stock.low_stock_threshold)


def page_of(items: list[Any], limit: int) -> Page[Any]:
    """``items`` holds up to ``limit + 1`` rows, newest id first; the extra one says a next page exists."""
    if len(items) > limit:
        return Page(items=items[:limit], next_cursor=encode_cursor([items[limit - 1].id]))
    return Page(items=items, next_cursor=None)


async def apply_all_or_out_of_stock(uow: UnitOfWork, moves: list[Movement]) -> list[StockRead]:
    """Apply several movements with ONE guarded UPDATE and ONE ledger insert, all or nothing.

    The statement count of a reservation stays the same for 1 line or 100. The update moves its rows only if
    every one of them exists and fits, so ``OutOfStock`` (naming the first misfit) leaves nothing written and
    a caller may try another plan in the same transaction without a savepoint. On PostgreSQL the same
    statement first locks the rows in primary-key order (a ``WITH ... SELECT ... FOR UPDATE`` that the update
    joins: PostgreSQL never inlines a locking CTE, so its sorted rows are locked in order before any is
    updated), so concurrent multi-line reservations never deadlock, and judges whether they fit on the
    versions it locked (the latest); SQLite serialises writers anyway. Each (variant, location) appears once
    in ``moves`` (reservations merge their lines). Stock is never oversold; a row that had too little when
    the statement began and was restocked while it waited for its lock is reported short.
    """
    keyed = {(m.variant_id, m.location_id): m for m in moves}
    on_hand = {k: m.delta_on_hand for k, m in keyed.items()}
    reserved = {k: m.delta_reserved for k, m in keyed.items()}
    params: dict[str, Any] = {"tenant": uow.tenant_id, "keys": list(keyed), "rows": len(keyed), "now": uow.clock.now()}
    lock_first = uow.db.dialect == "postgresql"
    if len(set(on_hand.values())) == 1 and len(set(reserved.values())) == 1:  # every row moves alike: prebuilt
        statement = _UNIFORM_MOVES[lock_first]
        params.update(d_on_hand=next(iter(on_hand.values())), d_reserved=next(iter(reserved.values())))
    else:
        statement = _guarded_update(_per_row(on_hand), _per_row(reserved), lock_first=lock_first)
    await uow.s.flush()  # rows added through the session (a new stock row) must be in the table first
    moved = await uow.run(statement, params)
    stocks = {(r.variant_id, r.location_id): StockRead.model_validate(r) for r in moved}
    if len(stocks) != len(keyed):
        raise await _shortage(uow, keyed)
    now = uow.clock.now()
    entries = [
        dict(
            id=new_id(), tenant_id=uow.tenant_id, variant_id=m.variant_id, location_id=m.location_id,
            delta_on_hand=m.delta_on_hand, delta_reserved=m.delta_reserved,
            on_hand_after=stocks[k].on_hand, reserved_after=stocks[k].reserved,
            reason=m.reason, reference=m.reference, note=m.note, actor=uow.actor.label, at=now,
        )
        for k, m in sorted(keyed.items())
    ]  # fmt: skip
    await uow.run(_WRITE_LEDGER, entries)  # one INSERT for all rows, past the ORM (nothing reads them back)
    return [stocks[k] for k in sorted(keyed)]


async def _shortage(uow: UnitOfWork, keyed: dict[tuple[str, str], Movement]) -> OutOfStock:
    """The refusal of a move that did not fit: the first row (in key order) that is missing or short now (one
    read of all the move's rows)."""
    found = await uow.s.execute(
        select(*STOCK_COLUMNS).where(
            Stock.tenant_id == uow.tenant_id, tuple_(Stock.variant_id, Stock.location_id).in_(list(keyed))
        )
    )
    rows = {(row.variant_id, row.location_id): StockRead.model_validate(row) for row in found}
    current = {k: rows.get(k) for k in sorted(keyed)}

    def fits(key: tuple[str, str]) -> bool:
        stock, move = current[key], keyed[key]
        if stock is None:
            return False
        after_on_hand, after_reserved = stock.on_hand + move.delta_on_hand, stock.reserved + move.delta_reserved
        return after_on_hand >= 0 and after_reserved >= 0 and after_on_hand >= after_reserved

    short = next((k for k in current if not fits(k)), next(iter(current)))
    move, stock = keyed[short], current[short]
    return OutOfStock(
        variant_id=move.variant_id,
        location_id=move.location_id,
        requested=abs(move.delta_reserved or move.delta_on_hand),
        available=stock.available if stock else 0,
    )


def _per_row(deltas: dict[tuple[str, str], int]) -> Any:
    """The delta of each (variant, location) row as a function of the table it is applied to (the stock
    table or its locked alias): one SQL CASE with bound parameters."""

    def of(table: Any) -> Any:
        rows = [(and_(table.variant_id == v, table.location_id == loc), delta) for (v, loc), delta in deltas.items()]
        return case(*rows, else_=0)

    return of


_WRITE_LEDGER = LedgerEntry.__table__.insert()  # every move writes its rows: built once
_HELD = aliased(Stock, name="held")  # the rows a move judges (and locks first, on PostgreSQL): built once


def _fits(table: Any, d_on_hand: Any, d_reserved: Any) -> Any:
    """A row's invariants after the move: on hand and reserved never negative, reserved never above on hand."""
    on_hand, reserved = table.on_hand + d_on_hand(table), table.reserved + d_reserved(table)
    return and_(on_hand >= 0, reserved >= 0, on_hand - reserved >= 0)


def _guarded_update(d_on_hand: Any, d_reserved: Any, *, lock_first: bool) -> Any:
    """The guarded ``UPDATE ... RETURNING`` of the (variant, location) rows in ``:keys`` by these deltas (each a
    function of the table it applies to), moving them only if all ``:rows`` of them exist and fit; with
    ``lock_first`` (PostgreSQL) joined to the CTE that locks them in primary-key order and judges them."""
    keys = bindparam("keys", expanding=True)
    held = and_(_HELD.tenant_id == bindparam("tenant"), tuple_(_HELD.variant_id, _HELD.location_id).in_(keys))
    statement = (
        update(Stock)
        .where(
            Stock.tenant_id == bindparam("tenant"),
            tuple_(Stock.variant_id, Stock.location_id).in_(keys),
            _fits(Stock, d_on_hand, d_reserved),
        )
        .values(
            on_hand=Stock.on_hand + d_on_hand(Stock),
            reserved=Stock.reserved + d_reserved(Stock),
            updated_at=bindparam("now"),
        )
        .returning(*STOCK_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    if not lock_first:
        fitting = select(func.count()).where(held, _fits(_HELD, d_on_hand, d_reserved)).scalar_subquery()
        return statement.where(fitting == bindparam("rows"))
    locked = (
        select(_HELD.id, _fits(_HELD, d_on_hand, d_reserved).label("fits"))
        .where(held)
        .order_by(_HELD.id)
        .with_for_update()
        .cte("locked")
    )
    fitting = select(func.count()).select_from(locked).where(locked.c.fits).scalar_subquery()
    return statement.where(Stock.id == locked.c.id, fitting == bindparam("rows"))


# Nearly every move shifts all its rows alike (one line; or a sale of one unit each): that statement is built
# once per dialect and only bound per call. Moves with different deltas per row build theirs (a CASE).
_UNIFORM_MOVES = {
    lock_first: _guarded_update(
        lambda _table: bindparam("d_on_hand", type_=Integer),
        lambda _table: bindparam("d_reserved", type_=Integer),
        lock_first=lock_first,
    )
    for lock_first in (False, True)
}
