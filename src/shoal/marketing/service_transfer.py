"""Coupons follow their holder when two customer accounts are merged (the per-customer counts stay: the
merged account's claims and uses were its own)."""

from __future__ import annotations

from sqlalchemy import update

from shoal.core.uow import UnitOfWork
from shoal.marketing.models import Coupon


async def move_coupons(uow: UnitOfWork, *, from_customer: str, to_customer: str) -> int:
    async with uow:
        moved = await uow.s.execute(
            update(Coupon)
            .where(Coupon.tenant_id == uow.tenant_id, Coupon.customer_id == from_customer)
            .values(customer_id=to_customer)
        )
        await uow.commit()
        return int(moved.rowcount)
