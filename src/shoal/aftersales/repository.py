"""Reading and moving after-sales cases; claims on order lines. Nothing here commits."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.aftersales import rules
from shoal.aftersales.errors import AfterSaleNotFound, LineOverClaimed
from shoal.aftersales.models import AfterSale, AfterSaleEvent, AfterSaleLine, LineClaim
from shoal.aftersales.schemas import AfterSaleEventRead, AfterSaleLineRead, AfterSaleRead
from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.orders.service_queries import visible_order_ids


def scoped(query: Select[tuple[AfterSale]], uow: UnitOfWork) -> Select[tuple[AfterSale]]:
    """Only the cases of orders the actor may see: a store's staff, their store's (``visible_order_ids``)."""
    orders = visible_order_ids(uow)
    return query if orders is None else query.where(AfterSale.order_id.in_(orders))


async def load(uow: UnitOfWork, after_sale_id: str, *, customer_id: str | None = None) -> AfterSale:
    """The case (a shopper's own; a store's staff one of their store's orders); anything else is 404."""
    query = scoped(select(AfterSale).where(AfterSale.tenant_id == uow.tenant_id, AfterSale.id == after_sale_id), uow)
    if customer_id is not None:
        query = query.where(AfterSale.customer_id == customer_id)
    case = (await uow.s.execute(query.execution_options(populate_existing=True))).scalar_one_or_none()
    if case is None:
        raise AfterSaleNotFound()
    return case


async def lines_of(uow: UnitOfWork, case_ids: list[str]) -> dict[str, list[AfterSaleLine]]:
    rows = (
        await uow.s.execute(
            select(AfterSaleLine)
            .where(AfterSaleLine.tenant_id == uow.tenant_id, AfterSaleLine.after_sale_id.in_(case_ids))
            .order_by(AfterSaleLine.order_line_id)
        )
    ).scalars()
    grouped: dict[str, list[AfterSaleLine]] = defaultdict(list)
    for row in rows:
        grouped[row.after_sale_id].append(row)
    return grouped


async def read(uow: UnitOfWork, case: AfterSale, *, with_history: bool = True) -> AfterSaleRead:
    lines = (await lines_of(uow, [case.id]))[case.id]
    history = []
    if with_history:
        history = (
            await uow.s.execute(
                select(AfterSaleEvent)
                .where(AfterSaleEvent.tenant_id == uow.tenant_id, AfterSaleEvent.after_sale_id == case.id)
                .order_by(AfterSaleEvent.at, AfterSaleEvent.id)
            )
        ).scalars()
    return as_read(case, lines, list(history))


def as_read(case: AfterSale, lines: list[AfterSaleLine], history: list[AfterSaleEvent]) -> AfterSaleRead:
    return AfterSaleRead.model_validate(
        {
            **{c: getattr(case, c) for c in AfterSaleRead.model_fields if c not in ("lines", "history")},
            "lines": [AfterSaleLineRead.model_validate(line) for line in lines],
            "history": [AfterSaleEventRead.model_validate(event) for event in history],
        }
    )


def record(uow: UnitOfWork, case_id: str, from_status: str | None, to_status: str, note: str | None = None) -> None:
    uow.s.add(
        AfterSaleEvent(
            tenant_id=uow.tenant_id, after_sale_id=case_id, from_status=from_status, to_status=to_status,
            actor=uow.actor.label, note=note, at=uow.clock.now(),
        )
    )  # fmt: skip


def require_move(case: AfterSale, to: str, *, action: str) -> None:
    """Refuse a move the case's state does not allow (409 ``invalid_state``). Every action calls this before
    it computes or writes anything: a refunded case's units are already paid back, so computing its refund
    again would fail as a bug (500) instead of telling staff the case is done."""
    if not rules.can_move(case.kind, case.status, to):
        raise InvalidState(action=action, entity="after-sales case", state=case.status)


async def move(uow: UnitOfWork, case: AfterSale, to: str, *, action: str, note: str | None = None) -> None:
    """Guarded transition: illegal moves are refused, and of two concurrent moves exactly one wins."""
    require_move(case, to, action=action)
    moved = await uow.s.execute(
        update(AfterSale)
        .where(AfterSale.tenant_id == uow.tenant_id, AfterSale.id == case.id, AfterSale.status == case.status)
        .values(status=to, updated_at=uow.clock.now())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        current = await load(uow, case.id)
        raise InvalidState(action=action, entity="after-sales case", state=current.status)
    record(uow, case.id, case.status, to, note)
    case.status = to


async def claim(uow: UnitOfWork, order_line_id: str, line_quantity: int, quantity: int) -> None:
    """Hold ``quantity`` units of an order line for a case; refuses beyond the line's quantity."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    await uow.s.execute(
        insert(LineClaim)
        .values(id=new_id(), tenant_id=uow.tenant_id, order_line_id=order_line_id, line_quantity=line_quantity,
                claimed=0)
        .on_conflict_do_nothing(index_elements=["tenant_id", "order_line_id"])
    )  # fmt: skip
    taken = await uow.s.execute(
        update(LineClaim)
        .where(
            LineClaim.tenant_id == uow.tenant_id,
            LineClaim.order_line_id == order_line_id,
            LineClaim.claimed + quantity <= LineClaim.line_quantity,
        )
        .values(claimed=LineClaim.claimed + quantity)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise LineOverClaimed(order_line_id=order_line_id, quantity=quantity)


async def unclaim(uow: UnitOfWork, lines: list[AfterSaleLine]) -> None:
    """A rejected or cancelled case gives its units back for another request."""
    for line in sorted(lines, key=lambda x: x.order_line_id):
        await uow.s.execute(
            update(LineClaim)
            .where(LineClaim.tenant_id == uow.tenant_id, LineClaim.order_line_id == line.order_line_id)
            .values(claimed=LineClaim.claimed - line.quantity)
            .execution_options(synchronize_session=False)
        )
