"""Daily check-in (签到): one per shopper and shop day, a streak, points and growth.

The check-in row is unique per (customer, day) and inserted with ``ON CONFLICT DO NOTHING``: of fifty taps
at once one inserts and the rest are ``already_checked_in``, so the day's points are posted once.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.loyalty import rules
from shoal.loyalty.errors import AlreadyCheckedIn
from shoal.loyalty.ledger import append_once
from shoal.loyalty.models import CheckIn
from shoal.loyalty.schemas import CheckInRead
from shoal.loyalty.service_levels import add_growth
from shoal.loyalty.service_points import earn_expiry, post_points
from shoal.loyalty.service_terms import terms_of


async def check_in(uow: UnitOfWork) -> CheckInRead:
    async with uow:
        customer_id = shopper_id(uow)
        today = rules.shop_day(uow.clock.now())
        terms = await terms_of(uow)
        yesterday = await _check_in_on(uow, customer_id, today - timedelta(days=1))
        streak = rules.streak_after(today - timedelta(days=1) if yesterday else None, yesterday or 0, today)
        points = rules.checkin_points(streak, terms)
        values = {"customer_id": customer_id, "day": today.isoformat(), "streak": streak, "points": points,
                  "created_at": uow.clock.now()}  # fmt: skip
        if await append_once(uow, CheckIn, values, ["customer_id", "day"]) is None:
            raise AlreadyCheckedIn()
        if points:
            await post_points(uow, customer_id=customer_id, points=points, reason="checkin",
                              reference=today.isoformat(), expires_at=await earn_expiry(uow))  # fmt: skip
        if terms.checkin_growth:
            await add_growth(uow, customer_id=customer_id, amount=terms.checkin_growth, reason="checkin",
                             reference=today.isoformat())  # fmt: skip
        await uow.commit()
        return CheckInRead(day=today.isoformat(), streak=streak, points=points)


async def current_streak(uow: UnitOfWork, *, customer_id: str) -> tuple[bool, int]:
    """Whether the shopper checked in today, and the streak they hold (today's, else yesterday's, else 0)."""
    async with uow:
        today = rules.shop_day(uow.clock.now())
        streak = await _check_in_on(uow, customer_id, today)
        if streak is not None:
            return True, streak
        return False, await _check_in_on(uow, customer_id, today - timedelta(days=1)) or 0


async def _check_in_on(uow: UnitOfWork, customer_id: str, day: date) -> int | None:
    return (
        await uow.s.execute(
            select(CheckIn.streak).where(
                CheckIn.tenant_id == uow.tenant_id, CheckIn.customer_id == customer_id, CheckIn.day == day.isoformat()
            )
        )
    ).scalar_one_or_none()
