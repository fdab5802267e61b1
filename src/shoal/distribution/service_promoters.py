"""Promoters: staff appoint them (store clerks), shoppers apply (openly, or with an inviting promoter's code)
and staff approve or reject; staff set a promoter's level and suspend them.

A shopper is a promoter at most once (unique per customer) and has at most one pending application (a partial
unique index), so two clicks never make two. The code a promoter hands out is random, unique in the shop.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from shoal.core import references
from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState, NotFound, Unauthenticated
from shoal.core.money import format_amount
from shoal.core.uow import UnitOfWork
from shoal.customers.service import customer_row
from shoal.distribution import errors
from shoal.distribution.models import Promoter, PromoterApplication
from shoal.distribution.schemas import ApplicationIn, ApplicationRead, AppointIn, PromoterRead, PromoterUpdate
from shoal.distribution.service import load_terms, require_level
from shoal.orders.service_customers import purchase_summaries

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at a counter


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


async def appoint(uow: UnitOfWork, *, data: AppointIn) -> PromoterRead:
    """Staff make a shopper a promoter at once (e.g. a store clerk, bound to their store)."""
    async with uow:
        uow.actor.require("marketing.manage")
        await customer_row(uow, data.customer_id)
        await require_level(uow, data.level_id)
        if data.store_id:
            await references.require(uow, "location", [data.store_id])
        promoter = await _create(uow, data.customer_id, data.name, "appointment", data.level_id, None, data.store_id)
        uow.audit("appoint", "promoter", promoter.id, {"customer_id": data.customer_id})
        await uow.commit()
        return PromoterRead.model_validate(promoter)


async def list_promoters(uow: UnitOfWork, *, status: str | None = None) -> list[PromoterRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(Promoter).where(Promoter.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Promoter.status == status)
        rows = await uow.s.scalars(query.order_by(Promoter.created_at.desc()).limit(500))
        return [PromoterRead.model_validate(row) for row in rows]


async def get_promoter(uow: UnitOfWork, *, promoter_id: str) -> PromoterRead:
    async with uow:
        uow.actor.require("marketing.manage")
        return PromoterRead.model_validate(await load_promoter(uow, promoter_id))


async def update_promoter(uow: UnitOfWork, *, promoter_id: str, patch: PromoterUpdate) -> PromoterRead:
    """Set the level or store, suspend or reinstate: a suspended promoter earns nothing new and binds nobody."""
    async with uow:
        uow.actor.require("marketing.manage")
        promoter = await load_promoter(uow, promoter_id)
        changes = patch.model_dump(exclude_unset=True)
        if "level_id" in changes:
            await require_level(uow, changes["level_id"])
        if changes.get("store_id"):
            await references.require(uow, "location", [changes["store_id"]])
        for key, value in changes.items():
            setattr(promoter, key, value)
        uow.audit("update", "promoter", promoter.id, changes)
        await uow.commit()
        return PromoterRead.model_validate(promoter)


async def apply(uow: UnitOfWork, *, data: ApplicationIn) -> ApplicationRead:
    """A shopper applies; the shop's spend condition is checked first, an invite code names the inviter."""
    if uow.actor.kind != "shopper" or not uow.actor.id:
        raise Unauthenticated()
    customer_id = uow.actor.id
    spent = await _spent(uow, customer_id)  # before this unit of work: SQLite has one writer at a time
    async with uow:
        if await promoter_of_customer(uow, customer_id, active_only=False):
            raise errors.AlreadyPromoter()
        terms = await load_terms(uow)
        if spent < terms.application_min_spend:
            raise errors.SpendTooLow(required=format_amount(terms.application_min_spend), spent=format_amount(spent))
        inviter = await promoter_by_code(uow, data.invite_code) if data.invite_code else None
        application = PromoterApplication(
            tenant_id=uow.tenant_id, customer_id=customer_id, name=data.name, reason=data.reason,
            inviter_id=inviter.id if inviter else None, spent=spent, status="pending", created_at=uow.clock.now(),
        )  # fmt: skip
        uow.s.add(application)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise errors.ApplicationPending() from exc
        await uow.commit()
        return ApplicationRead.model_validate(application)


async def list_applications(uow: UnitOfWork, *, status: str | None = "pending") -> list[ApplicationRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(PromoterApplication).where(PromoterApplication.tenant_id == uow.tenant_id)
        if status:
            query = query.where(PromoterApplication.status == status)
        rows = await uow.s.scalars(query.order_by(PromoterApplication.created_at.desc()).limit(500))
        return [ApplicationRead.model_validate(row) for row in rows]


async def decide_application(uow: UnitOfWork, *, application_id: str, approve: bool) -> ApplicationRead:
    """Approve (the shopper becomes a promoter, invited by the code's promoter) or reject, once."""
    async with uow:
        uow.actor.require("marketing.manage")
        status = "approved" if approve else "rejected"
        moved = await uow.s.execute(
            update(PromoterApplication)
            .where(
                PromoterApplication.tenant_id == uow.tenant_id,
                PromoterApplication.id == application_id,
                PromoterApplication.status == "pending",
            )
            .values(status=status, decided_at=uow.clock.now())
            .execution_options(synchronize_session=False)
        )
        application = await _application(uow, application_id)
        if moved.rowcount != 1:
            action = "approve" if approve else "reject"
            raise InvalidState(entity="promoter application", state=application.status, action=action)
        if approve:
            source = "invitation" if application.inviter_id else "application"
            await _create(uow, application.customer_id, application.name, source, None, application.inviter_id, None)
        uow.audit(status, "promoter_application", application.id, {})
        await uow.commit()
        return ApplicationRead.model_validate(application)


async def load_promoter(uow: UnitOfWork, promoter_id: str) -> Promoter:
    promoter = await uow.s.scalar(
        select(Promoter).where(Promoter.tenant_id == uow.tenant_id, Promoter.id == promoter_id)
    )
    if promoter is None:
        raise errors.promoter_not_found(promoter_id)
    return promoter


async def promoter_of_customer(uow: UnitOfWork, customer_id: str, *, active_only: bool = True) -> Promoter | None:
    query = select(Promoter).where(Promoter.tenant_id == uow.tenant_id, Promoter.customer_id == customer_id)
    if active_only:
        query = query.where(Promoter.status == "active")
    return await uow.s.scalar(query)


async def promoter_by_code(uow: UnitOfWork, code: str) -> Promoter:
    """The active promoter of a code; an unknown or suspended one is 404 (a code says nothing more)."""
    promoter = await uow.s.scalar(
        select(Promoter).where(
            Promoter.tenant_id == uow.tenant_id, Promoter.code == code.upper(), Promoter.status == "active"
        )
    )
    if promoter is None:
        raise errors.promoter_not_found(code)
    return promoter


async def my_promoter(uow: UnitOfWork) -> Promoter:
    """The signed-in shopper's promoter row; 403 ``not_a_promoter`` for anyone else."""
    if uow.actor.kind != "shopper" or not uow.actor.id:
        raise Unauthenticated()
    promoter = await promoter_of_customer(uow, uow.actor.id, active_only=False)
    if promoter is None:
        raise errors.NotAPromoter()
    return promoter


async def _create(
    uow: UnitOfWork, customer_id: str, name: str, source: str, level_id: str | None, inviter_id: str | None,
    store_id: str | None,
) -> Promoter:  # fmt: skip
    promoter = Promoter(
        tenant_id=uow.tenant_id, customer_id=customer_id, name=name, code=new_code(), level_id=level_id,
        inviter_id=inviter_id, store_id=store_id, source=source, status="active", balance=0, pending=0,
        created_at=uow.clock.now(),
    )  # fmt: skip
    async with uow.s.begin_nested():
        uow.s.add(promoter)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise errors.AlreadyPromoter() from exc
    return promoter


async def _spent(uow: UnitOfWork, customer_id: str) -> int:
    system = uow.db.uow(tenant_id=uow.tenant_id, actor=SYSTEM)
    summary = (await purchase_summaries(system, customer_ids=[customer_id])).get(customer_id)
    return summary.spend if summary else 0


async def _application(uow: UnitOfWork, application_id: str) -> PromoterApplication:
    row = await uow.s.scalar(
        select(PromoterApplication).where(
            PromoterApplication.tenant_id == uow.tenant_id, PromoterApplication.id == application_id
        )
    )
    if row is None:
        raise NotFound("promoter application", id=application_id)
    return row
