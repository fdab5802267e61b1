"""The points ledger: post entries (idempotent, never below zero), staff adjustments, statements, expiry.

A member's ``points`` moves only together with an appended entry, in the same transaction, by a guarded
``UPDATE ... WHERE points + :delta >= 0``: concurrent spends can never take the balance below zero, and
the balance is always the sum of the ledger.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select, update

from shoal.core.actors import SYSTEM
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import customer_row, require_reader
from shoal.loyalty import rules
from shoal.loyalty.errors import InsufficientPoints
from shoal.loyalty.events import PointsExpired
from shoal.loyalty.ledger import append_once, ensure_member
from shoal.loyalty.models import Member, PointsEntry
from shoal.loyalty.schemas import PointsAdjust, PointsEntryRead, PointsStatement
from shoal.loyalty.service_terms import terms_of

STATEMENT_LENGTH = 100


async def post_points(
    uow: UnitOfWork, *, customer_id: str, points: int, reason: str, reference: str, note: str = "",
    expires_at: datetime | None = None,
) -> bool:  # fmt: skip
    """Append one entry and move the balance with it. False when that entry exists (a replay: nothing moves);
    ``InsufficientPoints`` when a debit would take the balance below zero (the caller's transaction rolls back)."""
    async with uow:
        await ensure_member(uow, customer_id)
        values = {
            "customer_id": customer_id, "points": points, "reason": reason, "reference": reference, "note": note,
            "expires_at": expires_at if points > 0 else None, "actor": uow.actor.label, "created_at": uow.clock.now(),
        }  # fmt: skip
        if await append_once(uow, PointsEntry, values, ["customer_id", "reason", "reference"]) is None:
            return False
        moved = await uow.s.execute(
            update(Member)
            .where(_member(uow, customer_id), Member.points + points >= 0)
            .values(points=Member.points + points)
            .returning(Member.points)
        )
        if moved.scalar_one_or_none() is None:
            raise InsufficientPoints(needed=-points, available=await points_balance(uow, customer_id=customer_id))
        await uow.commit()
        return True


async def points_balance(uow: UnitOfWork, *, customer_id: str) -> int:
    async with uow:
        found = await uow.s.execute(select(Member.points).where(_member(uow, customer_id)))
        return found.scalar_one_or_none() or 0


async def earn_expiry(uow: UnitOfWork) -> datetime | None:
    """When points earned now expire, by the shop's terms."""
    return rules.expires_at(uow.clock.now(), await terms_of(uow))


async def adjust_points(uow: UnitOfWork, *, customer_id: str, data: PointsAdjust) -> PointsStatement:
    """Staff grant or take points, with a reason; audited. Taking more than the balance is refused."""
    async with uow:
        uow.actor.require("marketing.manage")
        await customer_row(uow, customer_id)
        expires = await earn_expiry(uow) if data.points > 0 else None
        reference = new_id()
        await post_points(
            uow, customer_id=customer_id, points=data.points, reason="adjust", reference=reference,
            note=data.reason, expires_at=expires,
        )  # fmt: skip
        uow.audit("points.adjust", "customer", customer_id, {"points": data.points, "reason": data.reason})
        await uow.commit()
        return await points_statement(uow, customer_id=customer_id)


async def points_statement(uow: UnitOfWork, *, customer_id: str) -> PointsStatement:
    """The balance and the latest entries, newest first (staff: any customer of theirs; a shopper: their own)."""
    async with uow:
        require_reader(uow, customer_id)
        if uow.actor.kind != "shopper":
            await customer_row(uow, customer_id)
        rows = (
            await uow.s.execute(
                select(PointsEntry)
                .where(PointsEntry.tenant_id == uow.tenant_id, PointsEntry.customer_id == customer_id)
                .order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc())
                .limit(STATEMENT_LENGTH)
            )
        ).scalars()
        entries = [PointsEntryRead.model_validate(row) for row in rows]
        return PointsStatement(balance=await points_balance(uow, customer_id=customer_id), entries=entries)


async def expire_customer(uow: UnitOfWork, *, customer_id: str) -> int:
    """Expire what is due for one member (FIFO, see ``rules``), under their row's lock; the points taken."""
    async with uow:
        now = uow.clock.now()
        await uow.s.execute(select(Member.id).where(_member(uow, customer_id)).with_for_update())
        mine = (PointsEntry.tenant_id == uow.tenant_id, PointsEntry.customer_id == customer_id)
        expiring_by_now = (PointsEntry.points > 0) & (PointsEntry.expires_at <= now)
        expiring, debits, last = (
            await uow.s.execute(
                select(
                    func.coalesce(func.sum(case((expiring_by_now, PointsEntry.points), else_=0)), 0),
                    func.coalesce(func.sum(case((PointsEntry.points < 0, -PointsEntry.points), else_=0)), 0),
                    func.max(case((expiring_by_now, PointsEntry.expires_at))),
                ).where(*mine)
            )
        ).one()
        due = rules.due_to_expire(int(expiring), int(debits))
        if due <= 0:
            return 0
        reference = f"by:{str(last)[:19]}"  # the latest expiry counted: the same run, the same key
        if not await post_points(uow, customer_id=customer_id, points=-due, reason="expire", reference=reference):
            return 0
        uow.emit(PointsExpired(customer_id=customer_id, points=due))
        await uow.commit()
        return due


async def expire_points(db: Database) -> int:
    """The expiry job: every member holding lots past their expiry, shop by shop. Safe to run twice."""
    expired = 0
    for tenant_id in await tenant_ids(db):
        uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
        async with uow:
            now = uow.clock.now()
            customers = (
                await uow.s.execute(
                    select(PointsEntry.customer_id)
                    .join(Member, (Member.tenant_id == PointsEntry.tenant_id)
                          & (Member.customer_id == PointsEntry.customer_id))
                    .where(PointsEntry.tenant_id == tenant_id, PointsEntry.expires_at <= now, Member.points > 0)
                    .distinct()
                )
            ).scalars().all()  # fmt: skip
        for customer_id in customers:
            expired += await expire_customer(db.uow(tenant_id=tenant_id, actor=SYSTEM), customer_id=customer_id)
    return expired


def _member(uow: UnitOfWork, customer_id: str):  # type: ignore[no-untyped-def]
    return (Member.tenant_id == uow.tenant_id) & (Member.customer_id == customer_id)


register_job("loyalty.expire_points", expire_points)
