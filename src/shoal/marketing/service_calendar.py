"""Promotion and coupon campaign dates for other domains (supply's forecasts use them as the known input
``on_promotion``): read here so no other domain reads marketing's tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.marketing.models import CouponTemplate, Promotion
from shoal.marketing.specs import ConditionSpec

SHOP_ZONE = ZoneInfo("Asia/Shanghai")


async def campaign_windows(uow: UnitOfWork) -> list[tuple[date, date]]:
    """The (first day, last day) of every promotion and coupon campaign that is not a draft and has both a start and
    an end, past or planned, as Beijing dates. Open-ended ones are left out: a permanent offer is no event."""
    async with uow:
        promotions = (
            await uow.s.execute(
                select(Promotion.condition).where(Promotion.tenant_id == uow.tenant_id, Promotion.status != "draft")
            )
        ).scalars()
        windows = []
        for condition in promotions:
            spec = ConditionSpec.model_validate(condition)
            if spec.starts_at and spec.ends_at:
                windows.append((_day(spec.starts_at), _day(spec.ends_at)))
        templates = await uow.s.execute(
            select(CouponTemplate.valid_from, CouponTemplate.valid_until).where(
                CouponTemplate.tenant_id == uow.tenant_id,
                CouponTemplate.status != "draft",
                CouponTemplate.valid_from.is_not(None),
                CouponTemplate.valid_until.is_not(None),
            )
        )
        windows.extend((_day(start), _day(end)) for start, end in templates)
        return sorted(windows)


def _day(moment: datetime) -> date:
    """The shop's calendar day of an instant (a database without time zones hands back UTC as naive)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHOP_ZONE).date()
