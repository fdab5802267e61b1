"""Loading orders and moving them between states; shared by the orders services (no commits here)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shoal.core.uow import UnitOfWork
from shoal.orders import rules
from shoal.orders.errors import InvalidTransition, order_not_found
from shoal.orders.events import OrderStatusChanged
from shoal.orders.models import Order, OrderEvent, OrderLine
from shoal.orders.schemas import OrderLineRead, OrderRead


async def load_order(uow: UnitOfWork, order_id: str, *, customer_id: str | None = None) -> Order:
    """The tenant's order (and, for a shopper, only their own); anything else is 404."""
    query = select(Order).where(Order.tenant_id == uow.tenant_id, Order.id == order_id)
    if customer_id is not None:
        query = query.where(Order.customer_id == customer_id)
    order = (await uow.s.execute(query.execution_options(populate_existing=True))).scalar_one_or_none()
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
    return order_read(order, lines)


def order_read(order: Order, lines: list[OrderLine]) -> OrderRead:
    data = {c.key: getattr(order, c.key) for c in Order.__table__.columns}
    return OrderRead.model_validate({**data, "lines": [OrderLineRead.model_validate(li) for li in lines]})


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


async def transition(
    uow: UnitOfWork, order: Order, target: str, *, action: str, note: str | None = None, **values: Any
) -> None:
    """Move ``order`` to ``target`` with ``WHERE status = <current>``: of two racing moves only one wins,
    the other sees the new status and is refused (409 ``invalid_state``)."""
    current = order.status
    rules.check_transition(current, target, action=action)
    now = uow.clock.now()
    result = await uow.s.execute(
        update(Order)
        .where(Order.tenant_id == uow.tenant_id, Order.id == order.id, Order.status == current)
        .values(status=target, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        fresh = await load_order(uow, order.id)
        raise InvalidTransition(action=action, entity="order", state=fresh.status, target=target)
    for key, value in {"status": target, "updated_at": now, **values}.items():
        set_committed_value(order, key, value)  # the row already says so: no second UPDATE on flush
    record_event(uow, order, "transition", from_status=current, to_status=target, note=note)
    uow.emit(OrderStatusChanged(order_id=order.id, number=order.number, from_status=current, to_status=target))
