"""Member levels: staff define them; growth moves members between them, with history and events.

The level is the pricing fact promotions target (``member_levels``): this module registers itself as
the source of ``customers.hooks.member_level_of``, so checkout asks loyalty without knowing it.
"""

from __future__ import annotations

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.customers.hooks import member_level_source, stored_member_level
from shoal.loyalty import rules
from shoal.loyalty.errors import LevelTaken
from shoal.loyalty.events import MemberLevelChanged
from shoal.loyalty.ledger import append_once, ensure_member
from shoal.loyalty.models import GrowthEntry, LevelChange, Member, MemberLevel
from shoal.loyalty.schemas import LevelCreate, LevelRead, LevelUpdate
from shoal.loyalty.service_membership_cards import active_card_level
from shoal.marketing.service_coupons import coupon_template


async def create_level(uow: UnitOfWork, *, data: LevelCreate) -> LevelRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await _check_gift(uow, data.birthday_coupon_template_id)
        level = MemberLevel(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(level)
        await _flush_unique(uow)
        uow.audit("member_level.create", "member_level", level.id, data.model_dump())
        await uow.commit()
        return LevelRead.model_validate(level)


async def update_level(uow: UnitOfWork, *, level_id: str, data: LevelUpdate) -> LevelRead:
    """Change a level's name, threshold or benefits. Members move at their next growth change."""
    async with uow:
        uow.actor.require("marketing.manage")
        level = await _level(uow, level_id)
        changes = data.model_dump(exclude_unset=True)
        await _check_gift(uow, changes.get("birthday_coupon_template_id"))
        for field, value in changes.items():
            setattr(level, field, value)
        await _flush_unique(uow)
        uow.audit("member_level.update", "member_level", level.id, changes)
        await uow.commit()
        return LevelRead.model_validate(level)


async def get_level(uow: UnitOfWork, *, level_id: str) -> LevelRead:
    async with uow:
        return LevelRead.model_validate(await _level(uow, level_id))


async def list_levels(uow: UnitOfWork) -> list[LevelRead]:
    async with uow:
        return [LevelRead.model_validate(row) for row in await _levels(uow)]


async def level_rules(uow: UnitOfWork) -> list[rules.Level]:
    async with uow:
        return [rules.Level(row.code, row.threshold, row.points_multiplier) for row in await _levels(uow)]


async def add_growth(uow: UnitOfWork, *, customer_id: str, amount: int, reason: str, reference: str) -> bool:
    """Append a growth entry (once per reference) and move the member's growth, never below zero; when the
    level their growth reaches differs from theirs, move them, record it and tell (``MemberLevelChanged``)."""
    async with uow:
        await ensure_member(uow, customer_id)
        values = {"customer_id": customer_id, "amount": amount, "reason": reason, "reference": reference,
                  "created_at": uow.clock.now()}  # fmt: skip
        if await append_once(uow, GrowthEntry, values, ["customer_id", "reason", "reference"]) is None:
            return False
        growth, current = (
            await uow.s.execute(
                update(Member)
                .where(Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id)
                .values(growth=case((Member.growth + amount < 0, 0), else_=Member.growth + amount))
                .returning(Member.growth, Member.level_code)
            )
        ).one()
        await _follow_growth(uow, customer_id, growth, current)
        await uow.commit()
        return True


async def _follow_growth(uow: UnitOfWork, customer_id: str, growth: int, current: str | None) -> None:
    reached = rules.level_for(growth, await level_rules(uow))
    code = reached.code if reached else None
    if code == current:
        return
    await uow.s.execute(
        update(Member)
        .where(Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id)
        .values(level_code=code)
    )
    uow.s.add(LevelChange(tenant_id=uow.tenant_id, customer_id=customer_id, from_level=current, to_level=code,
                          growth=growth, created_at=uow.clock.now()))  # fmt: skip
    uow.emit(MemberLevelChanged(customer_id=customer_id, from_level=current, to_level=code, growth=growth))


async def level_history(uow: UnitOfWork, *, customer_id: str, limit: int = 20) -> list[LevelChange]:
    async with uow:
        rows = await uow.s.execute(
            select(LevelChange)
            .where(LevelChange.tenant_id == uow.tenant_id, LevelChange.customer_id == customer_id)
            .order_by(LevelChange.created_at.desc(), LevelChange.id.desc())
            .limit(limit)
        )
        return list(rows.scalars())


async def member_of(uow: UnitOfWork, *, customer_id: str) -> Member | None:
    async with uow:
        return (
            await uow.s.execute(
                select(Member).where(Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id)
            )
        ).scalar_one_or_none()


async def level_counts(uow: UnitOfWork) -> dict[str, int]:
    """How many members each level holds (by level code), for the levels page."""
    async with uow:
        rows = await uow.s.execute(
            select(Member.level_code, func.count())
            .where(Member.tenant_id == uow.tenant_id, Member.level_code.is_not(None))
            .group_by(Member.level_code)
        )
        return {code: int(count) for code, count in rows.all()}


async def members_of(uow: UnitOfWork, *, customer_ids: list[str]) -> dict[str, Member]:
    """Many customers' loyalty accounts at once (a member list's page); those without one are absent."""
    async with uow:
        uow.actor.require("orders.read")
        if not customer_ids:
            return {}
        rows = await uow.s.execute(
            select(Member).where(Member.tenant_id == uow.tenant_id, Member.customer_id.in_(customer_ids))
        )
        return {member.customer_id: member for member in rows.scalars()}


@member_level_source
async def loyalty_level(uow: UnitOfWork, customer_id: str) -> str | None:
    """The pricing fact: the member's level code. A customer with no loyalty account yet keeps the level
    stored on their customer row (set before loyalty existed), else has the level of no growth (a V1 from 0)."""
    card_level = await active_card_level(uow, customer_id)
    if card_level is not None:  # a paid membership card in force gives its level's benefits
        return card_level
    member = await member_of(uow, customer_id=customer_id)
    if member is not None and member.level_code is not None:
        return member.level_code
    reached = rules.level_for(member.growth if member else 0, await level_rules(uow))
    if member is not None:  # an account opened by points alone: its growth has not moved it yet
        return reached.code if reached else None
    return await stored_member_level(uow, customer_id) or (reached.code if reached else None)


async def _levels(uow: UnitOfWork) -> list[MemberLevel]:
    query = select(MemberLevel).where(MemberLevel.tenant_id == uow.tenant_id).order_by(MemberLevel.threshold)
    return list((await uow.s.execute(query)).scalars())


async def _level(uow: UnitOfWork, level_id: str) -> MemberLevel:
    level = (
        await uow.s.execute(
            select(MemberLevel).where(MemberLevel.tenant_id == uow.tenant_id, MemberLevel.id == level_id)
        )
    ).scalar_one_or_none()
    if level is None:
        raise NotFound("member level")
    return level


async def _check_gift(uow: UnitOfWork, template_id: str | None) -> None:
    """A birthday coupon names a coupon template of the shop (404 otherwise)."""
    if template_id:
        await coupon_template(uow, template_id)


async def level_named(uow: UnitOfWork, code: str | None) -> MemberLevel | None:
    async with uow:
        if code is None:
            return None
        query = select(MemberLevel).where(MemberLevel.tenant_id == uow.tenant_id, MemberLevel.code == code)
        return (await uow.s.execute(query)).scalar_one_or_none()


async def _flush_unique(uow: UnitOfWork) -> None:
    try:
        await uow.s.flush()
    except IntegrityError as exc:
        raise LevelTaken() from exc
