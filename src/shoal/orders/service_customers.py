"""What other domains and pages ask of customers' orders, without reading the orders tables themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from shoal.core.uow import UnitOfWork
from shoal.orders import repository
from shoal.orders.models import Order
from shoal.orders.rules import CANCELLED, CLOSED


@dataclass(frozen=True, slots=True)
class PurchaseSummary:
    """What a member has bought (the members list): money kept after refunds, orders, the last one."""

    spend: int
    orders: int
    last_order_at: datetime


async def live_order_count(uow: UnitOfWork, *, customer_id: str) -> int:
    """How many of a customer's orders are not cancelled or closed (one awaiting payment counts): pricing's
    first-order fact (新客首单). A cancelled or closed first order makes the shopper new again."""
    async with uow:
        count = await uow.s.execute(
            select(func.count())
            .select_from(Order)
            .where(
                Order.tenant_id == uow.tenant_id,
                Order.customer_id == customer_id,
                Order.status.not_in((CANCELLED, CLOSED)),
            )
        )
        return int(count.scalar_one())


async def purchase_summaries(uow: UnitOfWork, *, customer_ids: list[str]) -> dict[str, PurchaseSummary]:
    """Per customer, over their paid orders not cancelled or closed since: the money paid less refunds
    (消费金额), how many (购买次数) and when the last was paid (最近消费). One query for a page of members; a
    store's staff count their store's orders. Customers who never bought are absent."""
    if not customer_ids:
        return {}
    async with uow:
        uow.actor.require("orders.read")
        rows = await uow.s.execute(
            select(
                Order.customer_id,
                func.sum(Order.paid_amount - Order.refunded_amount),
                func.count(),
                func.max(Order.paid_at),
            )
            .where(
                Order.tenant_id == uow.tenant_id,
                Order.customer_id.in_(customer_ids),
                repository.visible_to(uow.actor),
                Order.paid_at.is_not(None),
                Order.status.not_in((CANCELLED, CLOSED)),
            )
            .group_by(Order.customer_id)
        )
        return {cid: PurchaseSummary(int(spend or 0), int(count), last) for cid, spend, count, last in rows}


async def move_orders(uow: UnitOfWork, *, from_customer: str, to_customer: str) -> int:
    """A merge of two customers: every order of ``from_customer`` becomes ``to_customer``'s."""
    async with uow:
        moved = await uow.s.execute(
            update(Order)
            .where(Order.tenant_id == uow.tenant_id, Order.customer_id == from_customer)
            .values(customer_id=to_customer)
        )
        await uow.commit()
        return int(moved.rowcount)
