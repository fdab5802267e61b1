"""Birthday gifts (生日礼): on a member's birthday (the shop's day; 29 February falls on the 28th in other
years), the ``loyalty.birthday_gifts`` job gives their level's birthday points and coupon, once a year.

The gift's row is unique per (customer, year) and inserted first, in the transaction that grants the points
and claims the coupon: the job run twice, or by two workers at once, gives once. A coupon the template refuses
(exhausted, ended) is left out and the points still come; the row says which.
"""

from __future__ import annotations

from sqlalchemy import update

from shoal.core.actors import SYSTEM
from shoal.core.errors import ShoalError
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers import rules as customer_rules
from shoal.customers.service import customer_ids_born_on
from shoal.loyalty import rules
from shoal.loyalty.events import BirthdayGiftGiven
from shoal.loyalty.ledger import append_once
from shoal.loyalty.models import BirthdayGift, MemberLevel
from shoal.loyalty.service_levels import level_named, loyalty_level
from shoal.loyalty.service_points import earn_expiry, post_points
from shoal.marketing.service_coupons import claim_coupon


async def give_birthday_gifts(db: Database) -> int:
    """The job: every shop's members whose birthday is today get their gift; the number of gifts given."""
    given = 0
    for tenant_id in await tenant_ids(db):
        uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
        today = rules.shop_day(uow.clock.now())
        born = await customer_ids_born_on(uow, month_days=customer_rules.birthdays_on(today))
        for customer_id in born:
            given += await give_gift(db.uow(tenant_id=tenant_id, actor=SYSTEM), customer_id=customer_id,
                                     year=today.year)  # fmt: skip
    return given


async def give_gift(uow: UnitOfWork, *, customer_id: str, year: int) -> int:
    """The member's gift of ``year`` by the level they hold now (a card's level counts): 1 if given now, 0 if
    given before or their level gives nothing."""
    async with uow:
        level = await level_named(uow, await loyalty_level(uow, customer_id))
        if level is None or not (level.birthday_points or level.birthday_coupon_template_id):
            return 0
        values = {"customer_id": customer_id, "year": year, "level_code": level.code, "points": level.birthday_points,
                  "coupon_id": None, "created_at": uow.clock.now()}  # fmt: skip
        gift_id = await append_once(uow, BirthdayGift, values, ["customer_id", "year"])
        if gift_id is None:
            return 0
        if level.birthday_points:
            await post_points(uow, customer_id=customer_id, points=level.birthday_points, reason="birthday",
                              reference=str(year), expires_at=await earn_expiry(uow))  # fmt: skip
        coupon_id = await _coupon(uow, level, customer_id)
        if coupon_id:
            await uow.s.execute(update(BirthdayGift).where(BirthdayGift.id == gift_id).values(coupon_id=coupon_id))
        uow.emit(BirthdayGiftGiven(customer_id=customer_id, points=level.birthday_points, coupon_id=coupon_id))
        await uow.commit()
        return 1


async def _coupon(uow: UnitOfWork, level: MemberLevel, customer_id: str) -> str | None:
    if not level.birthday_coupon_template_id:
        return None
    try:
        async with uow.s.begin_nested():
            return await claim_coupon(uow, template_id=level.birthday_coupon_template_id, customer_id=customer_id)
    except ShoalError:
        return None


register_job("loyalty.birthday_gifts", give_birthday_gifts)
