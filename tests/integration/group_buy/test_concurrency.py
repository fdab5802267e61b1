"""PostgreSQL: 100 shoppers join a group of 5 whose leader paid (4 seats open) and all pay at once: exactly 4
seats are taken, the group never counts more than 5 paid, and every other payment is refunded in full."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from shoal.campaigns.group_buy.models import GroupBuyGroup, GroupBuyMember
from shoal.campaigns.group_buy.service_seats import take_seat
from shoal.core.actors import SYSTEM
from shoal.payments.models import Payment
from tests.integration.group_buy.conftest import drain, enrol, live_activity, pay

pytestmark = pytest.mark.pg_only
JOINERS = 100


async def test_100_paid_joins_take_exactly_the_4_open_seats(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=5, on_hand=200)
    leader = await enrol(uow_factory, activity, "leader")
    await pay(uow_factory, clock, leader.body["id"], "leader")
    await drain(db)
    group_id = leader.body["group_id"]
    joins = await asyncio.gather(
        *(enrol(uow_factory, activity, f"joiner-{i}", group_id=group_id) for i in range(JOINERS))
    )
    orders = [j.body["id"] for j in joins if j.status == 201]
    assert len(orders) == JOINERS  # nobody has paid yet: every join gets an order to pay
    slots = asyncio.Semaphore(20)

    async def pay_and_sit(i: int, order_id: str) -> str | None:
        async with slots:
            await pay(uow_factory, clock, order_id, f"joiner-{i}")
            async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
                seat = await take_seat(uow, order_id=order_id)
                await uow.commit()
            return seat

    seats = await asyncio.gather(*(pay_and_sit(i, order_id) for i, order_id in enumerate(orders)))
    assert seats.count("paid") == 4 and seats.count("refused") == JOINERS - 4
    await drain(db)
    async with db.uow(tenant_id=tenant.id) as uow:
        group = (await uow.s.execute(select(GroupBuyGroup).where(GroupBuyGroup.id == group_id))).scalar_one()
        paid_members = (
            (
                await uow.s.execute(
                    select(GroupBuyMember).where(GroupBuyMember.group_id == group_id, GroupBuyMember.status == "paid")
                )
            )
            .scalars()
            .all()
        )
        refunded = [
            p for p in (await uow.s.execute(select(Payment).where(Payment.order_id.in_(orders)))).scalars()
            if p.refunded_amount == p.amount
        ]  # fmt: skip
    assert (group.status, group.paid) == ("succeeded", 5) and len(paid_members) == 5
    assert len(refunded) == JOINERS - 4


async def test_a_shopper_opening_groups_at_once_stays_within_the_limit(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=3, per_shopper_limit=2)
    outcomes = await asyncio.gather(*(enrol(uow_factory, activity, "eager") for _ in range(20)))
    assert sorted(o.status for o in outcomes) == [201, 201] + [409] * 18
    assert {o.body["code"] for o in outcomes if o.status == 409} == {"limit_reached"}
