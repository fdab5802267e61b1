"""The member centre's one read: level and progress to the next, benefits, points, check-in and history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from shoal.core.uow import UnitOfWork
from shoal.customers.service import customer_row, require_reader, shopper_id
from shoal.loyalty import rules
from shoal.loyalty.schemas import LevelChangeRead, LevelRead, Membership
from shoal.loyalty.service_checkin import current_streak
from shoal.loyalty.service_levels import level_history, list_levels, member_of
from shoal.loyalty.service_membership_cards import my_cards

BalanceSource = Callable[[UnitOfWork, str], Awaitable[int]]
_balance_sources: list[BalanceSource] = []


def balance_source(source: BalanceSource) -> BalanceSource:
    """Stored value registers where a member's balance comes from (it sits beside, not below, this module)."""
    _balance_sources.append(source)
    return source


async def my_membership(uow: UnitOfWork) -> Membership:
    async with uow:
        return await membership_of(uow, customer_id=shopper_id(uow))


async def membership_of(uow: UnitOfWork, *, customer_id: str) -> Membership:
    async with uow:
        require_reader(uow, customer_id)
        if uow.actor.kind != "shopper":
            await customer_row(uow, customer_id)
        member = await member_of(uow, customer_id=customer_id)
        growth = member.growth if member else 0
        levels = await list_levels(uow)
        steps = [rules.Level(level.code, level.threshold) for level in levels]
        reached, coming = rules.level_for(growth, steps), rules.next_level(growth, steps)
        by_code = {level.code: level for level in levels}
        checked_in, streak = await current_streak(uow, customer_id=customer_id)
        history = await level_history(uow, customer_id=customer_id)
        return Membership(
            customer_id=customer_id,
            growth=growth,
            level=_level(by_code, member.level_code if member else (reached.code if reached else None)),
            next_level=_level(by_code, coming.code if coming else None),
            growth_to_next=coming.threshold - growth if coming else None,
            points=member.points if member else 0,
            balance=sum([await source(uow, customer_id) for source in _balance_sources]),
            checked_in_today=checked_in,
            streak=streak,
            history=[LevelChangeRead.model_validate(change) for change in history],
            cards=await my_cards(uow, customer_id=customer_id),
        )


def _level(by_code: dict[str, LevelRead], code: str | None) -> LevelRead | None:
    return by_code.get(code) if code else None
