"""Reading orders: a shopper's own list and detail, the admin list with filters, history and CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.customers.store_scope import store_of
from shoal.orders import repository
from shoal.orders.models import Order, OrderEvent
from shoal.orders.rules import CANCELLED
from shoal.orders.schemas import OrderDetail, OrderEventRead, OrderRead, OrderSummary
from shoal.orders.service_tracking import shipments_of

EXPORT_LIMIT = 10_000
EXPORT_COLUMNS = (
    "number", "status", "created_at", "paid_at", "customer_id", "contact_phone", "delivery_method", "currency",
    "subtotal", "discount", "shipping_fee", "total", "paid_amount", "refunded_amount",
)  # fmt: skip


async def list_my_orders(uow: UnitOfWork, *, status: str | None, limit: int, cursor: str | None) -> Page[OrderSummary]:
    async with uow:
        query = select(Order).where(Order.tenant_id == uow.tenant_id, Order.customer_id == shopper_id(uow))
        return await _page(uow, query, status=status, limit=limit, cursor=cursor)


async def my_order_counts(uow: UnitOfWork) -> dict[str, int]:
    """How many of the signed-in shopper's orders are in each status (the member centre's 待付款/待发货/待收货)."""
    async with uow:
        rows = await uow.s.execute(
            select(Order.status, func.count())
            .where(Order.tenant_id == uow.tenant_id, Order.customer_id == shopper_id(uow))
            .group_by(Order.status)
        )
        return {status: int(count) for status, count in rows}


def visible_order_ids(uow: UnitOfWork) -> Select[tuple[str]] | None:
    """The ids of the orders the actor may see, as a sub-query for the domains above that key on an order
    (after-sales cases), so a store's staff see only their store's; ``None`` when the actor sees them all."""
    if store_of(uow.actor) is None:
        return None
    return select(Order.id).where(Order.tenant_id == uow.tenant_id, repository.visible_to(uow.actor))


async def cancelled_orders_holding_money(uow: UnitOfWork) -> list[str]:
    """Cancelled orders that were paid more than has been refunded: each is a refund the customer is still
    waiting for (payments reconciliation lists them for staff)."""
    async with uow:
        rows = await uow.s.execute(
            select(Order.id)
            .where(
                Order.tenant_id == uow.tenant_id,
                Order.status == CANCELLED,
                Order.refunded_amount < Order.paid_amount,
            )
            .order_by(Order.id)
        )
        return list(rows.scalars())


async def get_my_order(uow: UnitOfWork, *, order_id: str) -> OrderRead:
    async with uow:
        order = await repository.load_order(uow, order_id, customer_id=shopper_id(uow))
        return await repository.read_order(uow, order)


async def list_orders(
    uow: UnitOfWork,
    *,
    status: str | None = None,
    q: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    customer_id: str | None = None,
    limit: int,
    cursor: str | None,
) -> Page[OrderSummary]:
    async with uow:
        uow.actor.require("orders.read")
        query = _admin_query(uow, q, created_from, created_to)
        if customer_id:
            query = query.where(Order.customer_id == customer_id)
        return await _page(uow, query, status=status, limit=limit, cursor=cursor)


async def get_order_detail(uow: UnitOfWork, *, order_id: str) -> OrderDetail:
    async with uow:
        uow.actor.require("orders.read")
        order = await repository.load_order(uow, order_id)
        base = await repository.read_order(uow, order)
        history = (
            await uow.s.execute(
                select(OrderEvent)
                .where(OrderEvent.tenant_id == uow.tenant_id, OrderEvent.order_id == order_id)
                .order_by(OrderEvent.id)
            )
        ).scalars()
        return OrderDetail(
            **base.model_dump(),
            history=[OrderEventRead.model_validate(e) for e in history],
            shipments=await shipments_of(uow, order_id),
        )


async def export_orders_csv(
    uow: UnitOfWork,
    *,
    status: str | None = None,
    q: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
) -> str:
    """The filtered orders as CSV (newest first, at most ``EXPORT_LIMIT`` rows), amounts in fen."""
    async with uow:
        uow.actor.require("orders.read")
        query = _admin_query(uow, q, created_from, created_to)
        if status:
            query = query.where(Order.status == status)
        rows = (await uow.s.execute(query.order_by(Order.id.desc()).limit(EXPORT_LIMIT))).scalars().all()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for order in rows:
        writer.writerow([_cell(getattr(order, c)) for c in EXPORT_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet: neutralise it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _admin_query(
    uow: UnitOfWork, q: str | None, created_from: datetime | None, created_to: datetime | None
) -> Select[tuple[Order]]:
    query = select(Order).where(Order.tenant_id == uow.tenant_id, repository.visible_to(uow.actor))
    if q:
        query = query.where(or_(Order.number == q.strip().upper(), Order.contact_phone == q.strip()))
    if created_from:
        query = query.where(Order.created_at >= created_from)
    if created_to:
        query = query.where(Order.created_at < created_to)
    return query


async def _page(
    uow: UnitOfWork, query: Select[tuple[Order]], *, status: str | None, limit: int, cursor: str | None
) -> Page[OrderSummary]:
    if status:
        query = query.where(Order.status == status)
    after = decode_cursor(cursor)
    if after:
        query = query.where(Order.id < str(after[0]))
    rows = (await uow.s.execute(query.order_by(Order.id.desc()).limit(limit + 1))).scalars().all()
    items = [OrderSummary.model_validate(r) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)
