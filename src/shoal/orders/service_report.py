"""The sales dashboard: today against yesterday, the last 30 days, the best-selling products, and the orders
waiting for the shop (to ship, to be picked up).

Counted: orders that were paid and not cancelled or closed since, by the day they were paid in the
shop's time zone; their refunds count against that same day, so a day's net sales are what its orders
finally brought in. A store's staff see the figures of their store's orders only (``repository.visible_to``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, func, select

from shoal.core.uow import UnitOfWork
from shoal.orders import repository, rules, rules_report
from shoal.orders.models import Order, OrderLine
from shoal.orders.schemas import Dashboard, DayRead, TopProduct

WINDOW_DAYS = 30
UNCOUNTED = ("cancelled", "closed")


async def dashboard(uow: UnitOfWork, *, zone: str, top: int = 10) -> Dashboard:
    async with uow:
        uow.actor.require("orders.read")
        now = uow.clock.now()
        since = now - timedelta(days=WINDOW_DAYS + 1)
        scope = repository.visible_to(uow.actor)
        counted = (
            Order.tenant_id == uow.tenant_id,
            scope,
            Order.paid_at.is_not(None),
            Order.paid_at >= since,
            Order.status.not_in(UNCOUNTED),
        )
        rows = (
            await uow.s.execute(
                select(Order.paid_at, Order.total, Order.customer_id, Order.refunded_amount).where(*counted)
            )
        ).all()
        best = (
            await uow.s.execute(
                select(
                    OrderLine.product_id,
                    func.max(OrderLine.sku),
                    func.sum(OrderLine.quantity).label("units"),
                    func.sum(OrderLine.line_total).label("sales"),
                )
                .join(Order, Order.id == OrderLine.order_id)
                .where(*counted, OrderLine.tenant_id == uow.tenant_id)
                .group_by(OrderLine.product_id)
                .order_by(func.sum(OrderLine.line_total).desc(), OrderLine.product_id)
                .limit(top)
            )
        ).all()
        names = await _names(uow, [row[0] for row in best])
        recent = (
            await uow.s.execute(
                select(Order.created_at, Order.paid_at.is_not(None)).where(
                    Order.tenant_id == uow.tenant_id, scope, Order.created_at >= now - timedelta(days=2)
                )
            )
        ).all()
        to_ship, pickups_waiting = await _waiting(uow, scope)
    paid = [rules_report.PaidOrder(r.paid_at, r.total, r.customer_id, r.refunded_amount) for r in rows]
    series = rules_report.days(paid, today=rules_report.local_day(now, zone), count=WINDOW_DAYS, zone=zone)
    today, yesterday = series[-1], series[-2]
    placed = [rules_report.PlacedOrder(created_at, bool(was_paid)) for created_at, was_paid in recent]
    return Dashboard(
        today=DayRead.of(today),
        yesterday=DayRead.of(yesterday),
        gmv_change_percent=rules_report.change_percent(today.gmv, yesterday.gmv),
        orders_change_percent=rules_report.change_percent(today.orders, yesterday.orders),
        conversion_percent=rules_report.conversion_percent(placed, day=today.day, zone=zone),
        yesterday_conversion_percent=rules_report.conversion_percent(placed, day=yesterday.day, zone=zone),
        last_30_days=[DayRead.of(d) for d in series],
        top_products=[
            TopProduct(product_id=pid, sku=sku, name=names.get(pid, {}), units=int(units), sales=int(sales))
            for pid, sku, units, sales in best
        ],
        to_ship=to_ship,
        pickups_waiting=pickups_waiting,
    )


async def _waiting(uow: UnitOfWork, scope: ColumnElement[bool]) -> tuple[int, int]:
    """The orders waiting for the shop (the dashboard's 待办): paid ones for delivery with units left to
    ship (待发货), and paid pickup orders not collected yet (待自提)."""
    pickup = Order.delivery_method == "pickup"
    rows = await uow.s.execute(
        select(
            func.count().filter(~pickup, Order.status.in_((rules.PAID, rules.PARTIALLY_SHIPPED))),
            func.count().filter(pickup, Order.status == rules.PAID),
        ).where(Order.tenant_id == uow.tenant_id, scope)
    )
    to_ship, pickups = rows.one()
    return int(to_ship), int(pickups)


async def units_sold(uow: UnitOfWork, *, product_ids: list[str]) -> dict[str, int]:
    """Units of each product sold and not refunded (销量), over the paid orders not cancelled or closed since;
    a store's staff count their store's orders. Products never sold are absent."""
    if not product_ids:
        return {}
    async with uow:
        uow.actor.require("orders.read")
        rows = await uow.s.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity - OrderLine.refunded_quantity))
            .join(Order, Order.id == OrderLine.order_id)
            .where(
                OrderLine.tenant_id == uow.tenant_id,
                OrderLine.product_id.in_(product_ids),
                Order.tenant_id == uow.tenant_id,
                repository.visible_to(uow.actor),
                Order.paid_at.is_not(None),
                Order.status.not_in(UNCOUNTED),
            )
            .group_by(OrderLine.product_id)
        )
        return {product_id: int(units or 0) for product_id, units in rows}


async def _names(uow: UnitOfWork, product_ids: list[str]) -> dict[str, dict[str, str]]:
    """The name each product was sold under (from the latest order line: orders keep their own snapshot)."""
    if not product_ids:
        return {}
    rows = await uow.s.execute(
        select(OrderLine.product_id, OrderLine.name)
        .where(OrderLine.tenant_id == uow.tenant_id, OrderLine.product_id.in_(product_ids))
        .order_by(OrderLine.id)
    )
    return {pid: dict(name) for pid, name in rows}
