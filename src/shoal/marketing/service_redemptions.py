"""The redemption ledger: what each rule gave which order, for stats (discount given, GMV driven)."""

from __future__ import annotations

from sqlalchemy import func, select, update

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.marketing.models import CouponTemplate, Promotion, Redemption
from shoal.marketing.schemas import RuleStats


async def record_redemptions(
    uow: UnitOfWork, *, order_id: str, order_total: int, given: list[tuple[str, str, str | None, int]]
) -> None:
    """``given``: (source, rule id, coupon id, discount) per applied rule; one bulk insert."""
    async with uow:
        now = uow.clock.now()
        uow.s.add_all(
            Redemption(tenant_id=uow.tenant_id, order_id=order_id, source=source, rule_id=rule_id,
                       coupon_id=coupon_id, discount=discount, order_total=order_total, created_at=now)
            for source, rule_id, coupon_id, discount in given
        )  # fmt: skip
        await uow.commit()


async def void_redemptions(uow: UnitOfWork, *, order_id: str) -> None:
    """A cancelled or closed order drove nothing: its redemptions leave the stats. Idempotent."""
    async with uow:
        await uow.s.execute(
            update(Redemption)
            .where(
                Redemption.tenant_id == uow.tenant_id, Redemption.order_id == order_id, Redemption.status == "active"
            )
            .values(status="void")
        )
        await uow.commit()


async def rule_stats(uow: UnitOfWork, *, rule_id: str) -> RuleStats:
    async with uow:
        uow.actor.require("marketing.manage")
        template = (
            await uow.s.execute(
                select(CouponTemplate).where(CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.id == rule_id)
            )
        ).scalar_one_or_none()
        if template is None:
            found = await uow.s.execute(
                select(Promotion.id).where(Promotion.tenant_id == uow.tenant_id, Promotion.id == rule_id)
            )
            if found.scalar_one_or_none() is None:
                raise NotFound("promotion or coupon template")
        orders, discount, gmv = (
            await uow.s.execute(
                select(
                    func.count(func.distinct(Redemption.order_id)),
                    func.coalesce(func.sum(Redemption.discount), 0),
                    func.coalesce(func.sum(Redemption.order_total), 0),
                ).where(
                    Redemption.tenant_id == uow.tenant_id, Redemption.rule_id == rule_id, Redemption.status == "active"
                )
            )
        ).one()
    return RuleStats(
        rule_id=rule_id, issued=template.issued if template else None, used=template.used if template else None,
        orders=int(orders), discount_given=int(discount), gmv_driven=int(gmv),
    )  # fmt: skip


async def ledger_totals(uow: UnitOfWork, *, rule_ids: list[str]) -> dict[str, RuleStats]:
    """Orders, discount given and GMV driven of many rules in one grouped query, for the console's lists (one
    ``rule_stats`` per row would be a query per promotion and coupon). Issued and used are left to the
    templates themselves; a rule with no redemption yet counts zero."""
    async with uow:
        uow.actor.require("marketing.manage")
        rows = await uow.s.execute(
            select(
                Redemption.rule_id,
                func.count(func.distinct(Redemption.order_id)),
                func.coalesce(func.sum(Redemption.discount), 0),
                func.coalesce(func.sum(Redemption.order_total), 0),
            )
            .where(
                Redemption.tenant_id == uow.tenant_id,
                Redemption.rule_id.in_(rule_ids),
                Redemption.status == "active",
            )
            .group_by(Redemption.rule_id)
        )
        found = {rule_id: (int(o), int(d), int(g)) for rule_id, o, d, g in rows}
    return {
        rule_id: RuleStats(rule_id=rule_id, orders=o, discount_given=d, gmv_driven=g)
        for rule_id in rule_ids
        for o, d, g in [found.get(rule_id, (0, 0, 0))]
    }
