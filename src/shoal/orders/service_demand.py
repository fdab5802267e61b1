"""Paid demand for forecasting: units paid per variant, location and day, read by the supply domain."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.orders import repository
from shoal.orders.models import Order, OrderLine
from shoal.orders.service_report import UNCOUNTED


async def daily_paid_units(uow: UnitOfWork, *, since: datetime) -> dict[tuple[str, str, date], int]:
    """Units paid since ``since`` (less units refunded) per (variant, location the line is fulfilled from, UTC day),
    over orders not cancelled or closed; lines with no location yet are left out (no stock point to plan for)."""
    async with uow:
        uow.actor.require("orders.read")
        rows = await uow.s.execute(
            select(OrderLine.variant_id, OrderLine.location_id, Order.paid_at,
                   OrderLine.quantity - OrderLine.refunded_quantity)
            .join(Order, Order.id == OrderLine.order_id)
            .where(
                OrderLine.tenant_id == uow.tenant_id, Order.tenant_id == uow.tenant_id,
                repository.visible_to(uow.actor), Order.paid_at >= since, Order.status.not_in(UNCOUNTED),
                OrderLine.location_id.is_not(None),
            )
        )  # fmt: skip
        units: dict[tuple[str, str, date], int] = defaultdict(int)
        for variant_id, location_id, paid_at, quantity in rows:
            units[(variant_id, location_id, paid_at.date())] += int(quantity)
        return dict(units)
