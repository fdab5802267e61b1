"""Birthday gifts: on the member's birthday their level's points and coupon come once a year, however often the
job runs; members whose birthday it is not, or whose level gives nothing, get nothing."""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.outbox import OutboxRow
from shoal.customers import service as customers
from shoal.customers.schemas import MeUpdate
from shoal.loyalty import rules, service_birthdays, service_levels
from shoal.loyalty.schemas import LevelCreate
from shoal.marketing.service_queries import shopper_coupons
from tests.integration.loyalty.conftest import ledger_sum, new_customer, shopper
from tests.integration.marketing.conftest import published_template


async def _born_today(uow_factory, clock, customer: str) -> None:  # type: ignore[no-untyped-def]
    today = rules.shop_day(clock.now())
    birthday = today.replace(year=2000)  # a leap year: 29 February is a birthday too
    await customers.update_me(shopper(uow_factory, customer), data=MeUpdate(birthday=birthday))


async def test_the_birthday_gift_comes_once_a_year_whatever_the_runs(uow_factory, db, clock) -> None:
    template = await published_template(uow_factory, per_customer_claims=5)
    await service_levels.create_level(uow_factory(), data=LevelCreate(
        code="V1", name="V1", threshold=0, birthday_points=88, birthday_coupon_template_id=template.id))  # fmt: skip
    member, other = await new_customer(uow_factory, "b@example.com"), await new_customer(uow_factory, "o@example.com")
    await _born_today(uow_factory, clock, member)
    assert [await service_birthdays.give_birthday_gifts(db) for _ in range(2)] == [1, 0]
    assert await ledger_sum(uow_factory(), member) == (88, 88)
    assert await ledger_sum(uow_factory(), other) == (0, 0)
    assert len((await shopper_coupons(shopper(uow_factory, member), customer_id=member)).mine) == 1
    clock.advance(days=366)
    await _born_today(uow_factory, clock, member)
    assert [await service_birthdays.give_birthday_gifts(db) for _ in range(2)] == [1, 0]
    assert await ledger_sum(uow_factory(), member) == (176, 176)
    async with uow_factory() as uow:
        told = (await uow.s.execute(select(OutboxRow.payload).where(
            OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "BirthdayGiftGiven"))).scalars().all()  # fmt: skip
    assert [t["customer_id"] for t in told] == [member, member]
    clock.advance(days=1)
    assert await service_birthdays.give_birthday_gifts(db) == 0  # the day after, nothing
