"""The programme's configuration: terms, promoter levels and commission rules (staff, ``marketing.manage``).

Terms live in one JSON row per shop, read into ``rules.Terms``; a shop that never saved them runs on the
defaults. Rules are unique per (scope, target, level), so saving a rule for the same place replaces it.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from shoal.core import references
from shoal.core.errors import Conflict, NotFound
from shoal.core.uow import UnitOfWork
from shoal.distribution import rules
from shoal.distribution.models import CommissionRule, DistributionSettings, PromoterLevel
from shoal.distribution.schemas import LevelIn, LevelRead, RuleIn, RuleRead, TermsIO, TermsRead


async def load_terms(uow: UnitOfWork) -> rules.Terms:
    """The shop's terms (no permission: every use case of the programme needs them)."""
    row = await uow.s.scalar(select(DistributionSettings).where(DistributionSettings.tenant_id == uow.tenant_id))
    if row is None:
        return rules.Terms()
    known = {key: value for key, value in row.terms.items() if key in rules.Terms.__dataclass_fields__}
    return rules.Terms(**known)  # type: ignore[arg-type]


async def get_terms(uow: UnitOfWork) -> TermsRead:
    async with uow:
        uow.actor.require("marketing.manage")
        return TermsRead.model_validate((await load_terms(uow)).__dict__)


async def save_terms(uow: UnitOfWork, *, data: TermsIO) -> TermsRead:
    async with uow:
        uow.actor.require("marketing.manage")
        row = await uow.s.scalar(
            select(DistributionSettings).where(DistributionSettings.tenant_id == uow.tenant_id).with_for_update()
        )
        if row is None:
            row = DistributionSettings(tenant_id=uow.tenant_id, terms={}, updated_at=uow.clock.now())
            uow.s.add(row)
        row.terms, row.updated_at = data.model_dump(), uow.clock.now()
        uow.audit("update", "distribution_settings", row.id, data.model_dump())
        await uow.commit()
        return TermsRead.model_validate(data.model_dump())


async def list_levels(uow: UnitOfWork) -> list[LevelRead]:
    async with uow:
        rows = await uow.s.scalars(
            select(PromoterLevel).where(PromoterLevel.tenant_id == uow.tenant_id).order_by(PromoterLevel.rank)
        )
        return [LevelRead.model_validate(row) for row in rows]


async def create_level(uow: UnitOfWork, *, data: LevelIn) -> LevelRead:
    async with uow:
        uow.actor.require("marketing.manage")
        level = PromoterLevel(tenant_id=uow.tenant_id, name=data.name, rank=data.rank)
        uow.s.add(level)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise Conflict(detail=f"a level of rank {data.rank} exists") from exc
        await uow.commit()
        return LevelRead.model_validate(level)


async def require_level(uow: UnitOfWork, level_id: str | None) -> None:
    if level_id and not await uow.s.scalar(
        select(PromoterLevel.id).where(PromoterLevel.tenant_id == uow.tenant_id, PromoterLevel.id == level_id)
    ):
        raise NotFound("promoter_level", id=level_id)


async def list_rules(uow: UnitOfWork) -> list[RuleRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        return [RuleRead.model_validate(row) for row in await _rule_rows(uow)]


async def save_rule(uow: UnitOfWork, *, data: RuleIn) -> RuleRead:
    """Create the rule for its (scope, target, level), or replace the one there."""
    async with uow:
        uow.actor.require("marketing.manage")
        if data.scope != "default":
            await references.require(uow, data.scope, [data.target_id])
        await require_level(uow, data.level_id)
        await uow.s.execute(
            delete(CommissionRule).where(
                CommissionRule.tenant_id == uow.tenant_id,
                CommissionRule.scope == data.scope,
                CommissionRule.target_id == data.target_id,
                CommissionRule.level_id == data.level_id,
            )
        )
        rule = CommissionRule(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(rule)
        uow.audit("save", "commission_rule", rule.id, data.model_dump())
        await uow.commit()
        return RuleRead.model_validate(rule)


async def delete_rule(uow: UnitOfWork, *, rule_id: str) -> None:
    async with uow:
        uow.actor.require("marketing.manage")
        gone = await uow.s.execute(
            delete(CommissionRule).where(CommissionRule.tenant_id == uow.tenant_id, CommissionRule.id == rule_id)
        )
        if gone.rowcount != 1:
            raise NotFound("commission_rule", id=rule_id)
        await uow.commit()


async def rate_rules(uow: UnitOfWork) -> list[rules.RateRule]:
    """The rules as the pure commission computation takes them."""
    return [
        rules.RateRule(row.scope, row.target_id, row.level_id, rules.Rate(row.mode, row.tier1, row.tier2))  # type: ignore[arg-type]
        for row in await _rule_rows(uow)
    ]


async def _rule_rows(uow: UnitOfWork) -> list[CommissionRule]:
    rows = await uow.s.scalars(
        select(CommissionRule)
        .where(CommissionRule.tenant_id == uow.tenant_id)
        .order_by(CommissionRule.scope, CommissionRule.created_at)
    )
    return list(rows)
