"""A shop's loyalty terms (earning rates, check-in, expiry): one row, defaults until staff save them."""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.loyalty import rules
from shoal.loyalty.ledger import append_once
from shoal.loyalty.models import LoyaltySettings
from shoal.loyalty.schemas import TermsIn, TermsRead

FIELDS = tuple(TermsIn.model_fields)


async def terms_of(uow: UnitOfWork) -> rules.Terms:
    async with uow:
        row = (
            await uow.s.execute(select(LoyaltySettings).where(LoyaltySettings.tenant_id == uow.tenant_id))
        ).scalar_one_or_none()
        return rules.Terms(**{f: getattr(row, f) for f in FIELDS}) if row else rules.DEFAULT_TERMS


async def get_terms(uow: UnitOfWork) -> TermsRead:
    async with uow:
        uow.actor.require("orders.read")
        terms = await terms_of(uow)
        return TermsRead(**{f: getattr(terms, f) for f in FIELDS})


async def put_terms(uow: UnitOfWork, *, data: TermsIn) -> TermsRead:
    """Replace the terms (a PUT: every field, defaults for those left out); audited."""
    async with uow:
        uow.actor.require("marketing.manage")
        values = data.model_dump()
        now = uow.clock.now()
        if await append_once(uow, LoyaltySettings, {**values, "updated_at": now}, []) is None:
            row = (
                await uow.s.execute(select(LoyaltySettings).where(LoyaltySettings.tenant_id == uow.tenant_id))
            ).scalar_one()
            for field, value in values.items():
                setattr(row, field, value)
            row.updated_at = now
        uow.audit("loyalty.terms", "loyalty_settings", None, values)
        await uow.commit()
        return TermsRead(**values)
