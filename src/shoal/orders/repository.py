"""Loading orders and moving them between states; shared by the orders services (no commits here).

Staff tied to a store (a clerk: ``Actor.location_id``) see only that store's orders: those picked up there or
with a line fulfilled from there. ``load_order`` and every staff list apply it, so an order of another
store answers 404 and never shows up in a list, a count or a figure.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, or_, select, true, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from shoal.core.actors import Actor
from shoal.core.uow import UnitOfWork
from shoal.customers.store_scope import store_customers_source, store_of
from shoal.orders import rules, rules_money
from shoal.orders.errors import InvalidTransition, order_not_found
from shoal.orders.events import OrderStatusChanged
from shoal.orders.models import Order, OrderEvent, OrderLine
from shoal.orders.schemas import MoneyRead, OrderLineRead, OrderRead


def fulfilled_from(location_id: str) -> ColumnElement[bool]:
    """Orders with a line taken from one location's stock (a ship-from-store order, a pickup there)."""
    line = aliased(OrderLine)  # its own name, so a query that already reads lines still correlates on orders
    return (
        select(line.id)
        .where(line.tenant_id == Order.tenant_id, line.order_id == Order.id, line.location_id == location_id)
        .correlate(Order)
        .exists()
    )


def at_store(location_id: str) -> ColumnElement[bool]:
    """Orders of one store: picked up there, or with a line fulfilled from its stock."""
    return or_(Order.pickup_location_id == location_id, fulfilled_from(location_id))


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """The orders ``actor`` may see among the tenant's: a store's staff their store's, anyone else all."""
    location_id = store_of(actor)
    return true() if location_id is None else at_store(location_id)


@store_customers_source
def customers_of_store(tenant_id: str, location_id: str) -> Select[tuple[str | None]]:
    """Who bought at a store (what its clerks may see of the members): customers with an order there."""
    return select(Order.customer_id).where(
        Order.tenant_id == tenant_id, Order.customer_id.is_not(None), at_store(location_id)
    )


@functools.lru_cache(maxsize=512)
def _order_query(at_store_id: str | None, own: bool, lock: bool) -> Select[tuple[Order]]:
    """The order read, built once per shape (a store's staff, a shopper's own, locked) and bound per call."""
    query = select(Order).where(Order.tenant_id == bindparam("tenant"), Order.id == bindparam("order"))
    if at_store_id is not None:
        query = query.where(at_store(at_store_id))
    if own:
        query = query.where(Order.customer_id == bindparam("customer"))
    if lock:
        query = query.with_for_update()
    return query.execution_options(populate_existing=True)


async def load_order(uow: UnitOfWork, order_id: str, *, customer_id: str | None = None, lock: bool = False) -> Order:
    """The tenant's order (for a shopper only their own, for a store's staff only their store's); else 404.
    With ``lock`` the row is locked for the rest of the transaction (PostgreSQL; SQLite has one writer)."""
    query = _order_query(store_of(uow.actor), customer_id is not None, lock)
    params = {"tenant": uow.tenant_id, "order": order_id, "customer": customer_id}
    order = (await uow.s.execute(query, params)).scalar_one_or_none()
    if order is None:
        raise order_not_found(order_id)
    return order


async def lines_of(uow: UnitOfWork, order_ids: list[str]) -> dict[str, list[OrderLine]]:
    found: dict[str, list[OrderLine]] = defaultdict(list)
    if not order_ids:
        return found
    rows = await uow.s.execute(
        select(OrderLine)
        .where(OrderLine.tenant_id == uow.tenant_id, OrderLine.order_id.in_(order_ids))
        .order_by(OrderLine.order_id, OrderLine.position)
        .execution_options(populate_existing=True)
    )
    for line in rows.scalars():
        found[line.order_id].append(line)
    return found


async def read_order(uow: UnitOfWork, order: Order) -> OrderRead:
    lines = (await lines_of(uow, [order.id]))[order.id]
    return order_read(order, lines, for_staff=uow.actor.kind == "staff")


def order_read(order: Order, lines: list[OrderLine], *, for_staff: bool = False) -> OrderRead:
    """The order as the API shows it, with its money breakdown. The pickup code is the shopper's proof at the
    counter: shown to the shopper once paid (``rules.pickup_code_shown``), never to staff, who must ask for it."""
    data = {c.key: getattr(order, c.key) for c in Order.__table__.columns}
    if for_staff or not rules.pickup_code_shown(order.status):
        data["pickup_code"] = None
    money = MoneyRead.model_validate(
        rules_money.money_breakdown(
            currency=order.currency, subtotal=order.subtotal, adjustments=order.adjustments, discount=order.discount,
            shipping_fee=order.shipping_fee, total=order.total, paid=order.paid_amount, refunded=order.refunded_amount,
        )
    )  # fmt: skip
    lines_read = [OrderLineRead.model_validate(li) for li in lines]
    return OrderRead.model_validate({**data, "lines": lines_read, "money": money})


def record_event(
    uow: UnitOfWork,
    order: Order,
    kind: str,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
) -> None:
    uow.s.add(
        OrderEvent(
            tenant_id=uow.tenant_id,
            order_id=order.id,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            actor=uow.actor.label,
            note=note,
            at=uow.clock.now(),
        )
    )


@functools.cache
def _move(columns: tuple[str, ...]) -> Any:
    """The guarded status move that also sets ``columns``: built once per set of columns (a payment sets the
    paid amount, time and payment; most moves set none), bound per call, run past the session."""
    table = Order.__table__
    return (
        update(table)
        .where(
            table.c.tenant_id == bindparam("tenant"),
            table.c.id == bindparam("order"),
            table.c.status == bindparam("current"),
        )
        .values(
            status=bindparam("target"),
            updated_at=bindparam("now"),
            **{column: bindparam(f"new_{column}", type_=table.c[column].type) for column in columns},
        )
    )


async def transition(
    uow: UnitOfWork, order: Order, target: str, *, action: str, note: str | None = None, **values: Any
) -> None:
    """Move ``order`` to ``target`` with ``WHERE status = <current>``: of two racing moves only one wins,
    the other sees the new status and is refused (409 ``invalid_state``)."""
    current = order.status
    rules.check_transition(current, target, action=action)
    now = uow.clock.now()
    await uow.s.flush()  # an order placed in this transaction (paid at once when free) must be in the table
    params = {"tenant": uow.tenant_id, "order": order.id, "current": current, "target": target, "now": now}
    params.update({f"new_{key}": value for key, value in values.items()})
    result = await uow.run(_move(tuple(sorted(values))), params)
    if result.rowcount != 1:
        fresh = await load_order(uow, order.id)
        raise InvalidTransition(action=action, entity="order", state=fresh.status, target=target)
    for key, value in {"status": target, "updated_at": now, **values}.items():
        set_committed_value(order, key, value)  # the row already says so: no second UPDATE on flush
    record_event(uow, order, "transition", from_status=current, to_status=target, note=note)
    uow.emit(OrderStatusChanged(order_id=order.id, number=order.number, from_status=current, to_status=target))
