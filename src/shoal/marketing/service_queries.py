"""Reading promotions, coupon templates and a shopper's coupons; simulating a cart against draft rules."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import select

from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.marketing import engine
from shoal.marketing.engine import reasons
from shoal.marketing.models import Coupon, CouponTemplate, Promotion
from shoal.marketing.schemas import (
    CouponRead,
    CouponTemplateRead,
    PromotionRead,
    ShopperCoupons,
    Simulation,
    SimulationRequest,
)
from shoal.marketing.service_rules import to_promotion, to_template
from shoal.marketing.specs import ConditionSpec


async def list_promotions(uow: UnitOfWork, *, status: str | None = None) -> list[PromotionRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(Promotion).where(Promotion.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Promotion.status == status)
        rows = (await uow.s.execute(query.order_by(Promotion.created_at.desc(), Promotion.id))).scalars()
        return [PromotionRead.model_validate(row) for row in rows]


async def get_promotion(uow: UnitOfWork, *, promotion_id: str) -> PromotionRead:
    async with uow:
        uow.actor.require("marketing.manage")
        row = (
            await uow.s.execute(
                select(Promotion).where(Promotion.tenant_id == uow.tenant_id, Promotion.id == promotion_id)
            )
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("promotion")
        return PromotionRead.model_validate(row)


async def list_templates(uow: UnitOfWork, *, status: str | None = None) -> list[CouponTemplateRead]:
    async with uow:
        if uow.actor.kind != "shopper":
            uow.actor.require("marketing.manage")
        query = select(CouponTemplate).where(CouponTemplate.tenant_id == uow.tenant_id)
        if status:
            query = query.where(CouponTemplate.status == status)
        rows = (await uow.s.execute(query.order_by(CouponTemplate.created_at.desc(), CouponTemplate.id))).scalars()
        return [CouponTemplateRead.model_validate(row) for row in rows]


async def get_template(uow: UnitOfWork, *, template_id: str) -> CouponTemplateRead:
    async with uow:
        uow.actor.require("marketing.manage")
        row = (
            await uow.s.execute(
                select(CouponTemplate).where(
                    CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.id == template_id
                )
            )
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("coupon template")
        return CouponTemplateRead.model_validate(row)


async def template_codes_csv(uow: UnitOfWork, *, template_id: str) -> str:
    """Every unique code of a template and whether a shopper has redeemed it, as CSV.

    ``generate_codes`` answers its batch once; this can be fetched again (a lost file, a reprint), and it is what
    the console downloads, since a browser cannot save the answer of the HTMX request that minted the codes."""
    async with uow:
        uow.actor.require("marketing.manage")
        template = await get_template(uow, template_id=template_id)
        rows = await uow.s.execute(
            select(Coupon.code, Coupon.status, Coupon.customer_id)
            .where(Coupon.tenant_id == uow.tenant_id, Coupon.template_id == template.id, Coupon.code.is_not(None))
            .order_by(Coupon.code)
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "template_id", "status", "redeemed"])
        writer.writerows([code, template.id, status, "yes" if holder else "no"] for code, status, holder in rows)
        return out.getvalue()


async def running_promotions(uow: UnitOfWork) -> list[PromotionRead]:
    """Promotions a shopper can take part in now, for the storefront's campaign entrances.

    Open to anonymous shoppers (unlike ``list_promotions``): published, inside their dates and with budget left,
    so an entrance never leads to an offer the cart would then refuse as not started, ended or used up.
    """
    async with uow:
        now = uow.clock.now()
        rows = (
            await uow.s.execute(
                select(Promotion)
                .where(Promotion.tenant_id == uow.tenant_id, Promotion.status == "active")
                .order_by(Promotion.priority.desc(), Promotion.created_at.desc(), Promotion.id)
            )
        ).scalars()
        running = [
            row
            for row in rows
            if (row.budget is None or row.budget_used < row.budget)
            and ConditionSpec.model_validate(row.condition).to_engine().schedule.refusal(now)
            not in (reasons.NOT_STARTED, reasons.ENDED)
        ]
        return [PromotionRead.model_validate(row) for row in running]


async def shopper_coupons(uow: UnitOfWork, *, customer_id: str | None) -> ShopperCoupons:
    """The coupon centre (领券中心): templates open for claiming, and the coupons this shopper holds."""
    async with uow:
        now = uow.clock.now()
        claimable = [CouponTemplateRead.model_validate(t) for t in await _claimable(uow)]
        mine: list[CouponRead] = []
        if customer_id:
            rows = await uow.s.execute(
                select(Coupon, CouponTemplate.name, CouponTemplate.benefit, CouponTemplate.condition)
                .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
                .where(Coupon.tenant_id == uow.tenant_id, Coupon.customer_id == customer_id)
                .order_by(Coupon.claimed_at.desc(), Coupon.id)
            )
            mine = [
                CouponRead(
                    id=c.id, template_id=c.template_id, name=name, benefit=benefit, condition=condition,
                    order_id=c.order_id,
                    status=_shown_status(c.status, c.valid_until, now),
                    valid_from=c.valid_from, valid_until=c.valid_until, claimed_at=c.claimed_at,
                )
                for c, name, benefit, condition in rows
            ]  # fmt: skip
        return ShopperCoupons(claimable=claimable, mine=mine)


async def coupons_for_variants(uow: UnitOfWork, *, variant_ids: list[str]) -> list[CouponTemplateRead]:
    """Coupons open for claiming that would cover at least one of these variants: what a product page offers
    (领券), judged by each template's scope exactly as the engine judges a cart line."""
    async with uow:
        templates = await _claimable(uow)
        if not templates:
            return []
        snapshots = await variants_for_pricing(uow, variant_ids=variant_ids)
    lines = [engine.line_of(v, v, snap, unit_price=snap.unit_price, quantity=1) for v, snap in snapshots.items()]
    return [
        CouponTemplateRead.model_validate(t)
        for t in templates
        if any(to_template(t).condition.scope.covers(line) for line in lines)
    ]


async def _claimable(uow: UnitOfWork) -> list[CouponTemplate]:
    """Published templates still in date and not issued out, oldest first."""
    now = uow.clock.now()
    rows = await uow.s.execute(
        select(CouponTemplate)
        .where(CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.status == "active")
        .order_by(CouponTemplate.id)
    )
    return [
        t
        for t in rows.scalars()
        if (t.valid_until is None or t.valid_until > now) and (t.total_quantity is None or t.issued < t.total_quantity)
    ]


async def simulate(uow: UnitOfWork, *, data: SimulationRequest) -> Simulation:
    """Price a cart against draft (unsaved) promotions, exactly as checkout would. Nothing is written."""
    async with uow:
        uow.actor.require("marketing.manage")
        snapshots = await variants_for_pricing(
            uow, variant_ids=[line.variant_id for line in data.lines], customer_group=data.customer_group
        )
        now = uow.clock.now()
    lines = []
    for n, line in enumerate(data.lines):
        snap = snapshots.get(line.variant_id)
        if snap is None:
            raise NotFound("variant", variant_id=line.variant_id)
        lines.append(engine.line_of(f"line-{n + 1}", snap.id, snap, unit_price=snap.unit_price, quantity=line.quantity))
    drafts = [to_promotion(Promotion(id=new_id(), budget_used=0, **p.model_dump(mode="json")))
              for p in data.promotions]  # fmt: skip
    groups = frozenset({data.customer_group} if data.customer_group else ())
    cart = engine.CartSnapshot(
        lines=tuple(lines), now=now, customer=engine.CustomerFacts(groups=groups),
        shipping_fee=data.shipping_fee, channel=data.channel,
    )  # fmt: skip
    return Simulation.of(engine.price(cart, drafts, []), [line.id for line in lines])


def _shown_status(status: str, valid_until: datetime | None, now: datetime) -> str:
    """An unused coupon past its date shows as expired, whether or not a sweeper has marked it yet."""
    return "expired" if status == "available" and valid_until is not None and valid_until <= now else status


async def discount_names(uow: UnitOfWork, *, sources: list[str]) -> dict[str, dict[str, str]]:
    """The names (both locales) of the promotions and coupons an order's discounts came from, keyed by the
    order's ``source`` (``promotion:<id>``, ``coupon:<coupon id>``). Only names: what a receipt prints."""
    promotion_ids = [s.split(":", 1)[1] for s in sources if s.startswith("promotion:")]
    coupon_ids = [s.split(":", 1)[1] for s in sources if s.startswith("coupon:")]
    names: dict[str, dict[str, str]] = {}
    async with uow:
        if promotion_ids:
            rows = await uow.s.execute(
                select(Promotion.id, Promotion.name).where(
                    Promotion.tenant_id == uow.tenant_id, Promotion.id.in_(promotion_ids)
                )
            )
            names |= {f"promotion:{pid}": dict(name) for pid, name in rows}
        if coupon_ids:
            rows = await uow.s.execute(
                select(Coupon.id, CouponTemplate.name)
                .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
                .where(Coupon.tenant_id == uow.tenant_id, Coupon.id.in_(coupon_ids))
            )
            names |= {f"coupon:{cid}": dict(name) for cid, name in rows}
    return names
