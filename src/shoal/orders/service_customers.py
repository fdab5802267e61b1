"""What other domains ask of a customer's orders, without reading the orders tables themselves."""

from __future__ import annotations

from sqlalchemy import func, select

from shoal.core.uow import UnitOfWork
from shoal.orders.models import Order
from shoal.orders.rules import CANCELLED, CLOSED


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
