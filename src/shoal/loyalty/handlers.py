"""Loyalty follows orders through the outbox: growth when paid, points when completed, both back on refunds;
points spent at checkout come back on refunds (in proportion) and when the order is closed or cancelled.

Every handler appends with a reference unique per order (and per refund total), so an event delivered
twice moves nothing twice. Points taken back never exceed the member's balance (points already spent stay
spent); growth never drops below zero.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.uow import Database, UnitOfWork
from shoal.loyalty import rules
from shoal.loyalty.models import Member, PointsEntry
from shoal.loyalty.service_levels import add_growth, level_rules, member_of
from shoal.loyalty.service_points import earn_expiry, post_points
from shoal.loyalty.service_terms import terms_of
from shoal.orders.events import OrderPaid, OrderRefunded, OrderStatusChanged
from shoal.orders.rules import COMPLETED
from shoal.orders.service_queries import get_order_detail

RELEASED = ("closed", "cancelled")


async def _order_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        order = await get_order_detail(uow, order_id=payload["order_id"])
        if order.customer_id is None:
            return
        growth = rules.growth_for(payload["amount"], per_yuan=(await terms_of(uow)).growth_per_yuan)
        if growth:
            await add_growth(uow, customer_id=order.customer_id, amount=growth, reason="order", reference=order.id)
        await uow.commit()


async def _order_completed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """Points for what the shopper kept: the order's paid amount less what was refunded before completion."""
    if payload.get("to_status") != COMPLETED:
        return
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        order = await get_order_detail(uow, order_id=payload["order_id"])
        if order.customer_id is None:
            return
        member = await member_of(uow, customer_id=order.customer_id)
        levels = {level.code: level for level in await level_rules(uow)}
        level = levels.get(member.level_code or "") if member else None
        points = rules.earned_points(
            order.paid_amount - order.refunded_amount,
            per_yuan=(await terms_of(uow)).points_per_yuan,
            multiplier=level.points_multiplier if level else 100,
        )
        if points:
            await post_points(uow, customer_id=order.customer_id, points=points, reason="order", reference=order.id,
                              note=order.number, expires_at=await earn_expiry(uow))  # fmt: skip
        await uow.commit()


async def _order_released(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """An order closed or cancelled gives back every point it spent (those a refund has not given back)."""
    if payload.get("to_status") not in RELEASED:
        return
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        order = await get_order_detail(uow, order_id=payload["order_id"])
        if order.customer_id is not None:
            await _return_spent(uow, order.customer_id, order.id, 1, 1, f"{order.id}:released")
        await uow.commit()


async def _order_refunded(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        order = await get_order_detail(uow, order_id=payload["order_id"])
        if order.customer_id is None:
            return
        reference = f"{order.id}:{payload['refunded_total']}"
        await _return_spent(uow, order.customer_id, order.id, payload["refunded_total"], order.paid_amount, reference)
        growth = rules.growth_for(payload["amount"], per_yuan=(await terms_of(uow)).growth_per_yuan)
        if growth:
            await add_growth(uow, customer_id=order.customer_id, amount=-growth, reason="refund", reference=reference)
        await _take_back_points(uow, order.customer_id, order.id, order.paid_amount, payload, reference)
        await uow.commit()


async def _take_back_points(
    uow: UnitOfWork, customer_id: str, order_id: str, paid: int, payload: dict[str, Any], reference: str
) -> None:
    await uow.s.execute(
        select(Member.id).where(Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id).with_for_update()
    )
    earned = await _sum(uow, customer_id, "order", order_id)
    taken = -await _sum(uow, customer_id, "order_refund", order_id + ":%")
    owed = rules.proportional_take_back(earned, payload["refunded_total"], paid, taken)
    member = await member_of(uow, customer_id=customer_id)
    take = min(owed, member.points if member else 0)
    if take:
        await post_points(uow, customer_id=customer_id, points=-take, reason="order_refund", reference=reference)


async def _return_spent(
    uow: UnitOfWork, customer_id: str, order_id: str, refunded: int, paid: int, reference: str
) -> None:
    """Points the order spent at checkout come back in the proportion of what was refunded (all of them when
    it is closed or cancelled), less what came back before."""
    spent = -await _sum(uow, customer_id, "spend", order_id)
    back = await _sum(uow, customer_id, "spend_return", order_id + ":%")
    owed = rules.proportional_take_back(spent, refunded, paid, back)
    if owed:
        await post_points(uow, customer_id=customer_id, points=owed, reason="spend_return", reference=reference,
                          expires_at=await earn_expiry(uow))  # fmt: skip


async def _sum(uow: UnitOfWork, customer_id: str, reason: str, reference: str) -> int:
    found = await uow.s.execute(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.tenant_id == uow.tenant_id,
            PointsEntry.customer_id == customer_id,
            PointsEntry.reason == reason,
            PointsEntry.reference.like(reference),
        )
    )
    return int(found.scalar_one())


subscribe(OrderPaid, _order_paid)
subscribe(OrderStatusChanged, _order_completed)
subscribe(OrderRefunded, _order_refunded)
subscribe(OrderStatusChanged, _order_released)
