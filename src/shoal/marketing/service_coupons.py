"""Coupons: claiming, and redemption at checkout (lock to an order, release, mark used).

Every limit is a guarded single UPDATE and its row count: ``issued < total_quantity`` when claiming,
``used < max_uses`` when redeeming, and the customer's own counters for per-customer limits. A second attempt
that loses a race changes no row and is refused; nothing is ever read, checked and then written."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.marketing.errors import (
    CouponExhausted,
    CouponLimitReached,
    CouponNotClaimable,
    CouponUnavailable,
    DailyIssueLimitReached,
)
from shoal.marketing.models import Coupon, CouponTemplate, CustomerUsage, DailyIssues

ACTIVE = "active"


async def coupon_template(uow: UnitOfWork, template_id: str) -> CouponTemplate:
    row = (
        await uow.s.execute(
            select(CouponTemplate).where(CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.id == template_id)
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("coupon")
    return row


async def _usage_row(uow: UnitOfWork, template_id: str, customer_id: str) -> None:
    """Make sure the customer's counter row exists; a concurrent twin inserting it first is fine."""
    exists = select(CustomerUsage.id).where(
        CustomerUsage.tenant_id == uow.tenant_id,
        CustomerUsage.template_id == template_id,
        CustomerUsage.customer_id == customer_id,
    )
    if (await uow.s.execute(exists)).first():
        return
    try:
        async with uow.s.begin_nested():
            uow.s.add(CustomerUsage(tenant_id=uow.tenant_id, template_id=template_id, customer_id=customer_id))
    except IntegrityError:
        pass


async def bump_usage(uow: UnitOfWork, template_id: str, customer_id: str, column: str, limit: int) -> bool:
    await _usage_row(uow, template_id, customer_id)
    counter = getattr(CustomerUsage, column)
    result = await uow.s.execute(
        update(CustomerUsage)
        .where(
            CustomerUsage.tenant_id == uow.tenant_id,
            CustomerUsage.template_id == template_id,
            CustomerUsage.customer_id == customer_id,
            counter < limit,
        )
        .values({column: counter + 1})
    )
    return result.rowcount == 1


async def claim_coupon(uow: UnitOfWork, *, template_id: str, customer_id: str) -> str:
    """The shopper claims one coupon of a template (领券). Returns the new coupon's id."""
    async with uow:
        template = await coupon_template(uow, template_id)
        now = uow.clock.now()
        if template.status != ACTIVE or (template.valid_until is not None and template.valid_until <= now):
            raise CouponNotClaimable()
        issued = await uow.s.execute(
            update(CouponTemplate)
            .where(
                CouponTemplate.tenant_id == uow.tenant_id,
                CouponTemplate.id == template_id,
                (CouponTemplate.total_quantity.is_(None)) | (CouponTemplate.issued < CouponTemplate.total_quantity),
            )
            .values(issued=CouponTemplate.issued + 1)
        )
        if issued.rowcount != 1:
            raise CouponExhausted()
        await count_daily_issue(uow, template, 1)
        if not await bump_usage(uow, template_id, customer_id, "claimed", template.per_customer_claims):
            raise CouponLimitReached()
        valid_from, valid_until = template.valid_from, template.valid_until
        if template.valid_days is not None:
            valid_from, valid_until = now, now + timedelta(days=template.valid_days)
        coupon = Coupon(
            tenant_id=uow.tenant_id,
            template_id=template_id,
            customer_id=customer_id,
            valid_from=valid_from,
            valid_until=valid_until,
            claimed_at=now,
        )
        uow.s.add(coupon)
        await uow.s.flush()
        await uow.commit()
        return coupon.id


async def lock_coupons(uow: UnitOfWork, *, coupon_ids: list[str], customer_id: str, order_id: str) -> None:
    """Lock the shopper's coupons to an order at checkout, inside checkout's transaction.

    Coupons are taken in id order (the order every checkout locks rows in); each one must still be available,
    within its validity, and its template must have a use left, overall and for this customer."""
    async with uow:
        now = uow.clock.now()
        for coupon_id in sorted(set(coupon_ids)):
            locked = await uow.s.execute(
                update(Coupon)
                .where(
                    Coupon.tenant_id == uow.tenant_id,
                    Coupon.id == coupon_id,
                    Coupon.customer_id == customer_id,
                    Coupon.status == "available",
                    (Coupon.valid_from.is_(None)) | (Coupon.valid_from <= now),
                    (Coupon.valid_until.is_(None)) | (Coupon.valid_until > now),
                )
                .values(status="locked", order_id=order_id, locked_at=now)
                .returning(Coupon.template_id)
            )
            template_id = locked.scalar_one_or_none()
            if template_id is None:
                raise CouponUnavailable(coupon_id=coupon_id)
            used = await uow.s.execute(
                update(CouponTemplate)
                .where(
                    CouponTemplate.tenant_id == uow.tenant_id,
                    CouponTemplate.id == template_id,
                    (CouponTemplate.max_uses.is_(None)) | (CouponTemplate.used < CouponTemplate.max_uses),
                )
                .values(used=CouponTemplate.used + 1)
            )
            if used.rowcount != 1:
                raise CouponExhausted(coupon_id=coupon_id)
            template = await coupon_template(uow, template_id)
            if not await bump_usage(uow, template_id, customer_id, "used", template.per_customer_uses):
                raise CouponLimitReached(coupon_id=coupon_id)
        await uow.commit()


async def release_coupons(uow: UnitOfWork, *, order_id: str, from_status: str = "locked") -> int:
    """A cancelled or closed order (coupons ``locked``), or a wholly refunded one (coupons ``used``), gives
    its coupons back, uses too, when their template says so; the others count as spent. Idempotent: only
    coupons still in ``from_status`` for the order move."""
    async with uow:
        returning = select(CouponTemplate.id).where(
            CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.return_on_cancel.is_(True)
        )
        locked_here = (Coupon.tenant_id == uow.tenant_id, Coupon.order_id == order_id, Coupon.status == from_status)
        released = (
            await uow.s.execute(
                update(Coupon)
                .where(*locked_here, Coupon.template_id.in_(returning))
                .values(status="available", order_id=None, locked_at=None, used_at=None)
                .returning(Coupon.template_id, Coupon.customer_id)
            )
        ).all()
        await uow.s.execute(update(Coupon).where(*locked_here).values(status="used", used_at=uow.clock.now()))
        for template_id, customer_id in released:
            await uow.s.execute(
                update(CouponTemplate)
                .where(CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.id == template_id)
                .values(used=CouponTemplate.used - 1)
            )
            await uow.s.execute(
                update(CustomerUsage)
                .where(
                    CustomerUsage.tenant_id == uow.tenant_id,
                    CustomerUsage.template_id == template_id,
                    CustomerUsage.customer_id == customer_id,
                )
                .values(used=CustomerUsage.used - 1)
            )
        await uow.commit()
        return len(released)


async def mark_coupons_used(uow: UnitOfWork, *, order_id: str) -> int:
    """The order was paid: its locked coupons are spent. Idempotent."""
    async with uow:
        result = await uow.s.execute(
            update(Coupon)
            .where(Coupon.tenant_id == uow.tenant_id, Coupon.order_id == order_id, Coupon.status == "locked")
            .values(status="used", used_at=uow.clock.now())
        )
        await uow.commit()
        return result.rowcount


async def count_daily_issue(uow: UnitOfWork, template: CouponTemplate, count: int) -> None:
    """Count ``count`` coupons against the template's per-day limit (its day, in its time zone), guarded."""
    if template.daily_issue_limit is None:
        return
    zone = ZoneInfo(str(template.condition.get("timezone") or "Asia/Shanghai"))
    day = uow.clock.now().astimezone(zone).date().isoformat()
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    await uow.s.execute(
        insert(DailyIssues)
        .values(id=new_id(), tenant_id=uow.tenant_id, template_id=template.id, day=day, issued=0)
        .on_conflict_do_nothing(index_elements=["tenant_id", "template_id", "day"])
    )
    counted = await uow.s.execute(
        update(DailyIssues)
        .where(
            DailyIssues.tenant_id == uow.tenant_id,
            DailyIssues.template_id == template.id,
            DailyIssues.day == day,
            DailyIssues.issued + count <= template.daily_issue_limit,
        )
        .values(issued=DailyIssues.issued + count)
    )
    if counted.rowcount != 1:
        raise DailyIssueLimitReached()
