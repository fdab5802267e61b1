"""Operators create promotions and coupon templates, publish and pause them; the rules in force are loaded
here and translated into engine values for pricing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from shoal.core import references
from shoal.core.errors import InvalidState, NotFound
from shoal.core.revision_cache import RevisionCache
from shoal.core.shop_revision import shop_revision
from shoal.core.uow import UnitOfWork
from shoal.marketing import engine
from shoal.marketing.errors import (
    CouponExhausted,
    CouponLimitReached,
    CouponUnavailable,
    InvalidRule,
    PromotionBudgetExhausted,
    PublicCodeTaken,
)
from shoal.marketing.models import Coupon, CouponTemplate, CustomerUsage, Promotion
from shoal.marketing.schemas import CouponTemplateCreate, CouponTemplateRead, PromotionCreate, PromotionRead
from shoal.marketing.specs import BenefitSpec, ConditionSpec, named_ids

BENEFIT: TypeAdapter[BenefitSpec] = TypeAdapter(BenefitSpec)
TRANSITIONS = {"publish": ({"draft", "paused"}, "active"), "pause": ({"active"}, "paused")}


def _check(data: PromotionCreate | CouponTemplateCreate) -> None:
    """Build the engine values once, so an impossible rule (repeated tier thresholds, an unknown time zone) is a
    422 now rather than a failure at a shopper's checkout."""
    try:
        data.benefit.to_engine()
        ZoneInfo(data.condition.timezone)
    except (ValueError, LookupError) as exc:
        raise InvalidRule(detail=str(exc)) from exc


async def _require_references(uow: UnitOfWork, data: PromotionCreate | CouponTemplateCreate) -> None:
    """Every catalog id the rule names exists in this shop (else 404 ``not_found`` naming the kind and id)."""
    for kind, ids in named_ids(data.benefit, data.condition).items():
        await references.require(uow, kind, ids)


async def create_promotion(uow: UnitOfWork, *, data: PromotionCreate) -> PromotionRead:
    uow.actor.require("marketing.manage")
    _check(data)
    async with uow:
        await _require_references(uow, data)
        now = uow.clock.now()
        row = Promotion(
            tenant_id=uow.tenant_id,
            name=data.name,
            benefit=data.benefit.model_dump(mode="json"),
            condition=data.condition.model_dump(mode="json"),
            mode=data.mode,
            group_key=data.group_key,
            priority=data.priority,
            budget=data.budget,
            created_at=now,
            updated_at=now,
        )
        uow.s.add(row)
        await uow.s.flush()
        uow.audit("promotion.create", "promotion", row.id, {"name": data.name, "benefit": row.benefit})
        await uow.commit()
        return PromotionRead.model_validate(row)


async def create_coupon_template(uow: UnitOfWork, *, data: CouponTemplateCreate) -> CouponTemplateRead:
    uow.actor.require("marketing.manage")
    _check(data)
    async with uow:
        await _require_references(uow, data)
        now = uow.clock.now()
        fields = data.model_dump(exclude={"benefit", "condition"})
        row = CouponTemplate(
            tenant_id=uow.tenant_id,
            benefit=data.benefit.model_dump(mode="json"),
            condition=data.condition.model_dump(mode="json"),
            created_at=now,
            updated_at=now,
            **fields,
        )
        try:
            # A savepoint, so a taken public code (the unique key holds it even under concurrent saves) is a
            # clean 409 and the caller's transaction survives.
            async with uow.s.begin_nested():
                uow.s.add(row)
                await uow.s.flush()
        except IntegrityError as exc:
            raise PublicCodeTaken(public_code=data.public_code) from exc
        uow.audit("coupon_template.create", "coupon_template", row.id, {"name": data.name, "benefit": row.benefit})
        await uow.commit()
        return CouponTemplateRead.model_validate(row)


async def set_status(uow: UnitOfWork, *, entity: str, entity_id: str, action: str) -> None:
    """Publish or pause a promotion or a coupon template with a guarded update on its current status."""
    uow.actor.require("marketing.manage")
    model = Promotion if entity == "promotion" else CouponTemplate
    allowed, target = TRANSITIONS[action]
    async with uow:
        result = await uow.s.execute(
            update(model)
            .where(model.tenant_id == uow.tenant_id, model.id == entity_id, model.status.in_(allowed))
            .values(status=target, updated_at=uow.clock.now())
            .returning(model.id)
        )
        if result.scalar_one_or_none() is None:
            current = (
                await uow.s.execute(select(model.status).where(model.tenant_id == uow.tenant_id, model.id == entity_id))
            ).scalar_one_or_none()
            if current is None:
                raise NotFound(entity)
            raise InvalidState(action=action, entity=entity, state=current)
        uow.audit(f"{entity}.{action}", entity, entity_id, {"status": target})
        await uow.commit()


async def consume_budget(uow: UnitOfWork, *, promotion_id: str, amount: int) -> None:
    """Charge a discount given to the promotion's budget at checkout; refused when it would overrun."""
    async with uow:
        result = await uow.s.execute(
            update(Promotion)
            .where(
                Promotion.tenant_id == uow.tenant_id,
                Promotion.id == promotion_id,
                (Promotion.budget.is_(None)) | (Promotion.budget_used + amount <= Promotion.budget),
            )
            .values(budget_used=Promotion.budget_used + amount)
        )
        if result.rowcount != 1:
            raise PromotionBudgetExhausted(promotion_id=promotion_id)
        await uow.commit()


def to_promotion(row: Promotion) -> engine.Promotion:
    left = None if row.budget is None else row.budget - row.budget_used
    return engine.Promotion(
        id=row.id,
        benefit=BENEFIT.validate_python(row.benefit).to_engine(),
        condition=ConditionSpec.model_validate(row.condition).to_engine(),
        name=row.name,
        mode=engine.Mode(row.mode),
        group=row.group_key,
        priority=row.priority,
        budget_left=left,
    )


def to_template(row: CouponTemplate) -> engine.CouponTemplate:
    return engine.CouponTemplate(
        id=row.id,
        benefit=BENEFIT.validate_python(row.benefit).to_engine(),
        condition=ConditionSpec.model_validate(row.condition).to_engine(),
        name=row.name,
        stacks_with_promotions=row.stacks_with_promotions,
        stacks_with_coupons=row.stacks_with_coupons,
        priority=row.priority,
    )


# Every pricing of a cart reads both: built once, bound per read.
_ACTIVE_PROMOTIONS = select(Promotion).where(Promotion.tenant_id == bindparam("tenant"), Promotion.status == "active")
_BUDGETS_LEFT = select(Promotion.id, Promotion.budget - Promotion.budget_used).where(
    Promotion.tenant_id == bindparam("tenant"), Promotion.id.in_(bindparam("ids", expanding=True))
)
# The active promotions per process and tenant, valid while the shop revision is the one they were read at
# (any change to a promotion's terms or status sets a new one); what is left of a budget is read live.
_IN_FORCE: RevisionCache[tuple[engine.Promotion, ...]] = RevisionCache(size=2_000, seconds=60)
_HELD_COUPONS = (
    select(Coupon, CouponTemplate, CustomerUsage.used)
    .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
    .outerjoin(
        CustomerUsage,
        (CustomerUsage.tenant_id == Coupon.tenant_id)
        & (CustomerUsage.template_id == Coupon.template_id)
        & (CustomerUsage.customer_id == Coupon.customer_id),
    )
    .where(
        Coupon.tenant_id == bindparam("tenant"),
        Coupon.customer_id == bindparam("customer"),
        Coupon.status.in_(("available", "locked")),
    )
    .order_by(Coupon.id)
)


async def rules_in_force(
    uow: UnitOfWork, *, customer_id: str | None, coupon_ids: list[str] | None = None
) -> tuple[list[engine.Promotion], list[engine.HeldCoupon]]:
    """Active promotions and the shopper's unexpired coupons, as engine values (the engine checks the rest).

    A coupon whose template is used up, or whose use limit this shopper has reached, is left out: checkout would
    refuse to lock it, so pricing must not count it. Named in ``coupon_ids``, it is refused with the same error
    checkout gives (``coupon_exhausted``, ``coupon_limit_reached``, ``coupon_unavailable``), and a named id that
    is not one of the shopper's coupons is a 404 (see ``_refuse_unusable``)."""
    async with uow:
        await _refuse_unusable(uow, customer_id, coupon_ids or [])
        promotions = await _active_promotions(uow)
        held: list[engine.HeldCoupon] = []
        if customer_id is not None:
            rows = await uow.s.execute(_HELD_COUPONS, {"tenant": uow.tenant_id, "customer": customer_id})
            templates: dict[str, engine.CouponTemplate] = {}
            for coupon, template, used in rows:
                refusal = _spent(template, used or 0) if coupon.status == "available" else None
                if refusal is not None:
                    if coupon_ids is not None and coupon.id in coupon_ids:
                        raise refusal(coupon_id=coupon.id)
                    continue
                spec = templates.setdefault(template.id, to_template(template))
                held.append(
                    engine.HeldCoupon(
                        coupon.id, spec, engine.CouponStatus(coupon.status), coupon.valid_from, coupon.valid_until
                    )
                )
        return promotions, held


async def _active_promotions(uow: UnitOfWork) -> list[engine.Promotion]:
    """The active promotions as engine values: from the per-process cache at the current shop revision (one
    primary-key read, shared with pricing's), with the budgets left read live when any promotion has one (a
    checkout spends budget without changing the revision)."""
    revision = await shop_revision(uow)
    key = (uow.db.url, uow.tenant_id)
    active = _IN_FORCE.get(key, revision)
    if active is None:
        rows = (await uow.s.execute(_ACTIVE_PROMOTIONS, {"tenant": uow.tenant_id})).scalars()
        active = tuple(to_promotion(row) for row in rows)
        _IN_FORCE.put(key, revision, active)
    budgeted = [p.id for p in active if p.budget_left is not None]
    if not budgeted:
        return list(active)
    left = {row[0]: row[1] for row in await uow.run(_BUDGETS_LEFT, {"tenant": uow.tenant_id, "ids": budgeted})}
    return [p if p.budget_left is None else replace(p, budget_left=max(left.get(p.id, 0), 0)) for p in active]


async def _refuse_unusable(uow: UnitOfWork, customer_id: str | None, coupon_ids: list[str]) -> None:
    """A coupon the shopper names must be theirs, in this shop, and usable now; it is never silently dropped.

    Another shopper's coupon, another shop's or a made-up id answers 404 ``not_found`` alike (whether it exists
    elsewhere is not the shopper's business). Their own coupon that is used, locked to another order, expired or
    not yet valid answers 409 ``coupon_unavailable``, the refusal ``lock_coupons`` gives at checkout."""
    if not coupon_ids:
        return
    held: dict[str, Coupon] = {}
    if customer_id is not None:
        rows = await uow.s.execute(
            select(Coupon).where(
                Coupon.tenant_id == uow.tenant_id, Coupon.customer_id == customer_id, Coupon.id.in_(set(coupon_ids))
            )
        )
        held = {coupon.id: coupon for coupon in rows.scalars()}
    now = uow.clock.now()
    for coupon_id in sorted(set(coupon_ids)):
        coupon = held.get(coupon_id)
        if coupon is None:
            raise NotFound("coupon", coupon_id=coupon_id)
        if not _usable(coupon, now):
            raise CouponUnavailable(coupon_id=coupon_id)


def _usable(coupon: Coupon, now: datetime) -> bool:
    """What ``lock_coupons`` asks of a coupon in its guarded update: available and within its validity."""
    return (
        coupon.status == "available"
        and (coupon.valid_from is None or coupon.valid_from <= now)
        and (coupon.valid_until is None or coupon.valid_until > now)
    )


def _spent(template: CouponTemplate, used_by_customer: int) -> type[CouponExhausted | CouponLimitReached] | None:
    """The error ``lock_coupons`` would raise for a coupon of ``template``, judged on the same counters."""
    if template.max_uses is not None and template.used >= template.max_uses:
        return CouponExhausted
    if used_by_customer >= template.per_customer_uses:
        return CouponLimitReached
    return None
