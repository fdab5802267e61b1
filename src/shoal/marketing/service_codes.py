"""Coupon codes: unique codes minted in bulk (exported as CSV) and one shared public code per template.

A unique code is a coupon with no holder yet: redeeming it hands it to the shopper with one guarded
update, so a code is redeemed once however many shoppers type it at the same moment. A public code
claims a fresh coupon of its template for each shopper, within the template's limits.
"""

from __future__ import annotations

import csv
import io
import secrets

from sqlalchemy import select, update

from shoal.core.uow import UnitOfWork
from shoal.marketing.errors import CouponCodeInvalid, CouponExhausted, CouponLimitReached
from shoal.marketing.models import Coupon, CouponTemplate
from shoal.marketing.service_coupons import bump_usage, claim_coupon, count_daily_issue, coupon_template

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed by hand
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def generate_codes(uow: UnitOfWork, *, template_id: str, count: int) -> str:
    """Mint ``count`` unique codes (counted as issued, within the template's total) and return them as CSV."""
    async with uow:
        uow.actor.require("marketing.manage")
        template = await coupon_template(uow, template_id)
        issued = await uow.s.execute(
            update(CouponTemplate)
            .where(
                CouponTemplate.tenant_id == uow.tenant_id,
                CouponTemplate.id == template_id,
                CouponTemplate.total_quantity.is_(None)
                | (CouponTemplate.issued + count <= CouponTemplate.total_quantity),
            )
            .values(issued=CouponTemplate.issued + count)
        )
        if issued.rowcount != 1:
            raise CouponExhausted()
        await count_daily_issue(uow, template, count)
        now = uow.clock.now()
        codes = sorted({new_code() for _ in range(count * 2)})[:count]  # 32^10 codes: a repeat is vanishingly rare
        uow.s.add_all(
            Coupon(tenant_id=uow.tenant_id, template_id=template.id, code=code, valid_from=template.valid_from,
                   valid_until=template.valid_until, claimed_at=now)
            for code in codes
        )  # fmt: skip
        uow.audit("coupon_template.codes", "coupon_template", template.id, {"count": count})
        await uow.commit()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "template_id"])
    writer.writerows([code, template_id] for code in codes)
    return out.getvalue()


async def redeem_code(uow: UnitOfWork, *, code: str, customer_id: str) -> str:
    """A unique code becomes the shopper's coupon; a public code claims one. Returns the coupon id."""
    code = code.strip().upper()
    async with uow:
        taken = (
            await uow.s.execute(
                update(Coupon)
                .where(
                    Coupon.tenant_id == uow.tenant_id,
                    Coupon.code == code,
                    Coupon.customer_id.is_(None),
                    Coupon.status == "available",
                )
                .values(customer_id=customer_id)
                .returning(Coupon.id, Coupon.template_id)
            )
        ).one_or_none()
        if taken is not None:
            template = await coupon_template(uow, taken.template_id)
            if not await bump_usage(uow, template.id, customer_id, "claimed", template.per_customer_claims):
                raise CouponLimitReached()
            await uow.commit()
            return taken.id
        template_id = (
            await uow.s.execute(
                select(CouponTemplate.id).where(
                    CouponTemplate.tenant_id == uow.tenant_id, CouponTemplate.public_code == code
                )
            )
        ).scalar_one_or_none()
        if template_id is None:
            raise CouponCodeInvalid()
        coupon_id = await claim_coupon(uow, template_id=template_id, customer_id=customer_id)
        await uow.commit()
        return coupon_id
