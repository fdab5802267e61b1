"""Seats and deadlines: a member's seat is taken when the money reaches their order, the group succeeds the
moment exactly N have paid, and an unfilled group fails at its deadline.

* ``OrderPaid``: one guarded ``UPDATE ... SET paid = paid + 1 WHERE status = 'open' AND paid < size AND
  expires_at > now`` takes the seat. The statement that takes the last seat also closes the group as
  succeeded (and lifts the goods' hold of every paid member). A payment that finds no seat (full, failed,
  over) cancels its order, and payments refunds it through the provider that took it (``payments.handlers``).
* ``OrderStatusChanged``: an order closed unpaid leaves the group; a paid member refunded or cancelled while the
  group is open gives the seat back.
* ``group_buys.close_expired`` (a job): a group past its deadline fails (every member order is cancelled: stock
  back, and each paid one refunded in full by the payments handler, retried by the outbox until the provider
  confirms), or succeeds by virtual fill (模拟成团). The guarded ``status = 'open' AND paid = seen`` transition
  makes a second worker (or a payment landing meanwhile) a no-op.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import and_, delete, select, update

from shoal.campaigns.group_buy import rules
from shoal.campaigns.group_buy.models import GroupBuy, GroupBuyGroup, GroupBuyMember
from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState
from shoal.core.outbox import subscribe
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.orders.events import OrderPaid, OrderStatusChanged
from shoal.orders.service import cancel_order
from shoal.orders.service_admin import release_fulfilment_hold

log = logging.getLogger("shoal.group_buy")
SWEEP_BATCH = 200
NO_SEAT = "拼团已满或已结束，订单取消并全额退款 / The group was full or over: cancelled and refunded in full"
GROUP_FAILED = "拼团未成团，订单取消并全额退款 / The group did not fill in time: cancelled and refunded in full"


async def take_seat(uow: UnitOfWork, *, order_id: str) -> str | None:
    """The paid member's seat, once: ``paid``, ``refused`` (the order is cancelled), or ``None`` when the order
    is no group-buy order or was settled before."""
    now = uow.clock.now()
    member = await _move_member(uow, order_id, rules.PENDING, rules.PAID, paid_at=now)
    if member is None:
        return None
    seat = await uow.s.execute(
        update(GroupBuyGroup)
        .where(
            GroupBuyGroup.tenant_id == uow.tenant_id,
            GroupBuyGroup.id == member.group_id,
            GroupBuyGroup.status == rules.OPEN,
            GroupBuyGroup.paid < GroupBuyGroup.size,
            GroupBuyGroup.expires_at > now,
        )
        .values(paid=GroupBuyGroup.paid + 1)
        .returning(GroupBuyGroup.paid, GroupBuyGroup.size)
        .execution_options(synchronize_session=False)
    )
    taken = seat.one_or_none()
    if taken is None:
        await _refuse(uow, member)
        return rules.REFUSED
    if taken.paid == taken.size:
        await _close(uow, member.group_id, rules.SUCCEEDED, seen_paid=taken.size)
    return rules.PAID


async def give_seat_back(uow: UnitOfWork, *, order_id: str, order_status: str) -> None:
    """An order that will not be fulfilled leaves its group: unpaid, the member row goes (they may join again);
    paid while the group is open, the seat comes back. A decided group keeps its count."""
    if order_status not in rules.GIVES_SEAT_BACK:
        return
    await uow.s.execute(
        delete(GroupBuyMember).where(
            GroupBuyMember.tenant_id == uow.tenant_id,
            GroupBuyMember.order_id == order_id,
            GroupBuyMember.status == rules.PENDING,
        )
    )
    member = (
        await uow.s.execute(
            select(GroupBuyMember.group_id).where(
                GroupBuyMember.tenant_id == uow.tenant_id,
                GroupBuyMember.order_id == order_id,
                GroupBuyMember.status == rules.PAID,
            )
        )
    ).scalar_one_or_none()
    if member is None:
        return
    returned = await uow.s.execute(
        update(GroupBuyGroup)
        .where(
            GroupBuyGroup.tenant_id == uow.tenant_id,
            GroupBuyGroup.id == member,
            GroupBuyGroup.status == rules.OPEN,
            GroupBuyGroup.paid > 0,
        )
        .values(paid=GroupBuyGroup.paid - 1)
        .execution_options(synchronize_session=False)
    )
    if returned.rowcount == 1:
        await _move_member(uow, order_id, rules.PAID, rules.LEFT)


async def close_expired(db: Database) -> int:
    """Job: decide every open group past its deadline (fail, or complete by virtual fill)."""
    decided = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            due = (
                await uow.s.execute(
                    select(GroupBuyGroup.id, GroupBuyGroup.paid, GroupBuy.virtual_fill_min)
                    .join(GroupBuy, GroupBuy.id == GroupBuyGroup.activity_id)
                    .where(
                        GroupBuyGroup.tenant_id == tenant_id,
                        GroupBuyGroup.status == rules.OPEN,
                        GroupBuyGroup.expires_at <= uow.clock.now(),
                    )
                    .order_by(GroupBuyGroup.expires_at)
                    .limit(SWEEP_BATCH)
                )
            ).all()
        for group_id, paid, virtual_fill_min in due:
            async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
                outcome = rules.deadline_outcome(paid, virtual_fill_min)
                if await _close(uow, group_id, outcome, seen_paid=paid):
                    await uow.commit()
                    decided += 1
    return decided


async def _close(uow: UnitOfWork, group_id: str, outcome: str, *, seen_paid: int) -> bool:
    """open -> outcome, once (``False`` if the group moved meanwhile). Success lifts the paid members' holds
    (the rest of the seats virtual when fewer paid); failure cancels every member's order."""
    closed = await uow.s.execute(
        update(GroupBuyGroup)
        .where(
            GroupBuyGroup.tenant_id == uow.tenant_id,
            GroupBuyGroup.id == group_id,
            GroupBuyGroup.status == rules.OPEN,
            GroupBuyGroup.paid == seen_paid,
        )
        .values(
            status=outcome,
            closed_at=uow.clock.now(),
            virtual_seats=(GroupBuyGroup.size - GroupBuyGroup.paid) if outcome == rules.SUCCEEDED else 0,
        )
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount != 1:
        return False
    members = (
        await uow.s.execute(
            select(GroupBuyMember.order_id, GroupBuyMember.status)
            .where(GroupBuyMember.tenant_id == uow.tenant_id, GroupBuyMember.group_id == group_id)
            .order_by(GroupBuyMember.order_id)
        )
    ).all()
    if outcome == rules.SUCCEEDED:
        paid = [order_id for order_id, status in members if status == rules.PAID]
        await release_fulfilment_hold(uow, order_ids=paid, hold=rules.hold_of(group_id))
        return True
    for order_id, status in members:
        if status in (rules.PENDING, rules.PAID):
            await _cancel(uow, order_id, GROUP_FAILED)
    return True


async def _refuse(uow: UnitOfWork, member: Any) -> None:
    await _move_member(uow, member.order_id, rules.PAID, rules.REFUSED)
    await _cancel(uow, member.order_id, NO_SEAT)


async def _cancel(uow: UnitOfWork, order_id: str, reason: str) -> None:
    """Cancel as the system: a paid order's units go back in stock and payments refunds it in full."""
    try:
        await cancel_order(uow, order_id=order_id, reason=reason)
    except InvalidState:  # closed unpaid, or cancelled, meanwhile: nothing of it to give back
        log.info("group-buy order %s was already settled", order_id)


async def _move_member(uow: UnitOfWork, order_id: str, source: str, target: str, **values: Any) -> Any:
    moved = await uow.s.execute(
        update(GroupBuyMember)
        .where(
            and_(
                GroupBuyMember.tenant_id == uow.tenant_id,
                GroupBuyMember.order_id == order_id,
                GroupBuyMember.status == source,
            )
        )
        .values(status=target, **values)
        .returning(GroupBuyMember.group_id, GroupBuyMember.order_id)
        .execution_options(synchronize_session=False)
    )
    return moved.one_or_none()


async def _on_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await take_seat(uow, order_id=payload["order_id"])
        await uow.commit()


async def _on_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload["to_status"] not in rules.GIVES_SEAT_BACK:
        return
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await give_seat_back(uow, order_id=payload["order_id"], order_status=payload["to_status"])
        await uow.commit()


subscribe(OrderPaid, _on_paid)
subscribe(OrderStatusChanged, _on_status_changed)
register_job("group_buys.close_expired", close_expired)
