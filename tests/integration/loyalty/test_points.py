"""The points ledger, check-in, levels and expiry on both databases: balance = sum of the ledger, never below 0."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.core.audit import AuditEntry
from shoal.core.errors import NotFound
from shoal.core.outbox import OutboxRow
from shoal.loyalty import service_checkin, service_levels, service_membership, service_points, service_terms
from shoal.loyalty.errors import AlreadyCheckedIn, InsufficientPoints
from shoal.loyalty.schemas import PointsAdjust, TermsIn
from tests.conftest import new_tenant, staff_actor
from tests.integration.loyalty.conftest import add_levels, ledger_sum, new_customer, shopper


async def test_staff_grant_and_take_points_with_a_reason_never_below_zero(uow_factory, db) -> None:
    customer = await new_customer(uow_factory, "a@example.com")
    granted = await service_points.adjust_points(uow_factory(), customer_id=customer,
                                                 data=PointsAdjust(points=300, reason="补偿"))  # fmt: skip
    assert granted.balance == 300 and granted.entries[0].note == "补偿" and granted.entries[0].expires_at
    with pytest.raises(InsufficientPoints):
        await service_points.adjust_points(uow_factory(), customer_id=customer,
                                           data=PointsAdjust(points=-301, reason="误发"))  # fmt: skip
    taken = await service_points.adjust_points(uow_factory(), customer_id=customer,
                                               data=PointsAdjust(points=-100, reason="误发"))  # fmt: skip
    assert taken.balance == 200 and [e.points for e in taken.entries] == [-100, 300]
    assert await ledger_sum(uow_factory(), customer) == (200, 200)
    async with uow_factory() as uow:
        audits = (await uow.s.execute(select(AuditEntry.changes).where(
            AuditEntry.tenant_id == uow.tenant_id, AuditEntry.action == "points.adjust"))).scalars().all()  # fmt: skip
    assert sorted(a["points"] for a in audits) == [-100, 300]
    with pytest.raises(Exception) as refused:
        await service_points.adjust_points(uow_factory(staff_actor("clerk")), customer_id=customer,
                                           data=PointsAdjust(points=5, reason="x"))  # fmt: skip
    assert refused.value.code == "forbidden"  # type: ignore[attr-defined]
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_points.points_statement(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=customer)


async def test_check_in_once_a_day_with_a_streak_bonus_and_growth(uow_factory, clock) -> None:
    customer = await new_customer(uow_factory, "b@example.com")
    await service_terms.put_terms(uow_factory(), data=TermsIn(checkin_points=5, streak_days=3, streak_bonus=20))
    days = []
    for _ in range(4):
        days.append(await service_checkin.check_in(shopper(uow_factory, customer)))
        clock.advance(days=1)
    assert [(d.streak, d.points) for d in days] == [(1, 5), (2, 5), (3, 25), (4, 5)]
    clock.advance(days=1)  # a day missed: the streak starts again
    again = await service_checkin.check_in(shopper(uow_factory, customer))
    assert (again.streak, again.points) == (1, 5)
    with pytest.raises(AlreadyCheckedIn):
        await service_checkin.check_in(shopper(uow_factory, customer))
    membership = await service_membership.membership_of(shopper(uow_factory, customer), customer_id=customer)
    assert (membership.points, membership.growth, membership.checked_in_today, membership.streak) == (45, 5, True, 1)


async def test_growth_moves_members_between_levels_with_history_and_events(uow_factory) -> None:
    customer = await new_customer(uow_factory, "c@example.com")
    await add_levels(uow_factory, ("V1", 0, 100), ("V2", 100, 150), ("V3", 1000, 200))
    await service_levels.add_growth(uow_factory(), customer_id=customer, amount=150, reason="order", reference="o1")
    assert not await service_levels.add_growth(uow_factory(), customer_id=customer, amount=150, reason="order",
                                               reference="o1")  # fmt: skip
    assert await service_levels.loyalty_level(uow_factory(), customer) == "V2"
    await service_levels.add_growth(uow_factory(), customer_id=customer, amount=-500, reason="refund", reference="r1")
    membership = await service_membership.membership_of(uow_factory(), customer_id=customer)
    assert (membership.growth, membership.level.code, membership.next_level.code) == (0, "V1", "V2")  # type: ignore[union-attr]
    assert membership.growth_to_next == 100
    assert [(h.from_level, h.to_level) for h in membership.history] == [("V2", "V1"), (None, "V2")]
    async with uow_factory() as uow:
        events = (await uow.s.execute(select(OutboxRow.payload).where(
            OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "MemberLevelChanged"))).scalars().all()  # fmt: skip
    assert sorted(e["to_level"] for e in events) == ["V1", "V2"]


async def test_expiry_takes_unspent_points_oldest_first_and_twice_takes_nothing(uow_factory, db, clock) -> None:
    customer = await new_customer(uow_factory, "d@example.com")
    await service_terms.put_terms(uow_factory(), data=TermsIn(expiry="rolling", expiry_months=12))
    await service_points.adjust_points(uow_factory(), customer_id=customer, data=PointsAdjust(points=100, reason="a"))
    clock.advance(days=200)
    await service_points.adjust_points(uow_factory(), customer_id=customer, data=PointsAdjust(points=50, reason="b"))
    await service_points.adjust_points(uow_factory(), customer_id=customer, data=PointsAdjust(points=-30, reason="c"))
    clock.advance(days=200)  # the first lot (100, 30 of it spent) is past its year; the second is not
    for _ in range(2):  # the job (over every shop) run twice takes the 70 once
        await service_points.expire_points(db)
        assert await ledger_sum(uow_factory(), customer) == (50, 50)
    clock.advance(days=200)
    assert await service_points.expire_customer(uow_factory(), customer_id=customer) == 50
    assert await service_points.expire_customer(uow_factory(), customer_id=customer) == 0
    assert await ledger_sum(uow_factory(), customer) == (0, 0)


async def test_points_never_expire_when_the_terms_say_so(uow_factory, db, clock) -> None:
    customer = await new_customer(uow_factory, "e@example.com")
    await service_terms.put_terms(uow_factory(), data=TermsIn(expiry="never"))
    await service_points.adjust_points(uow_factory(), customer_id=customer, data=PointsAdjust(points=10, reason="a"))
    clock.advance(days=3000)
    assert await service_points.expire_customer(uow_factory(), customer_id=customer) == 0
    assert (await service_points.points_statement(uow_factory(), customer_id=customer)).balance == 10
