"""Staff use cases of bargains: create a draft activity, publish it, end it, list, read and count.

Every state change is a guarded ``WHERE status = ...`` update, so publishing or ending twice changes once.
Ending an activity stops new bargains; bargains already started run to their own deadline.
"""

from __future__ import annotations

from sqlalchemy import case, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from shoal.campaigns.bargain import rules
from shoal.campaigns.bargain.errors import bargain_not_found
from shoal.campaigns.bargain.models import Bargain, BargainRecord
from shoal.campaigns.bargain.schemas import BargainCreate, BargainRead, BargainStats
from shoal.core import references
from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import get_location

LIST_LIMIT = 100


async def create_bargain(uow: UnitOfWork, *, data: BargainCreate) -> BargainRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await get_location(uow, location_id=data.location_id)
        await references.require(uow, "variant", [data.variant_id])
        now = uow.clock.now()
        bargain = Bargain(
            id=new_id(), tenant_id=uow.tenant_id, **data.model_dump(), status=rules.DRAFT, created_at=now,
            updated_at=now,
        )  # fmt: skip
        uow.s.add(bargain)
        uow.audit("bargain.create", "bargain", bargain.id, {"name": data.name})
        await uow.commit()
        return read(bargain)


async def list_bargains(uow: UnitOfWork, *, status: str | None = None) -> list[BargainRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(Bargain).where(Bargain.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Bargain.status == status)
        rows = await uow.s.execute(query.order_by(Bargain.created_at.desc(), Bargain.id).limit(LIST_LIMIT))
        return [read(b) for b in rows.scalars()]


async def get_bargain(uow: UnitOfWork, *, bargain_id: str) -> BargainRead:
    async with uow:
        uow.actor.require("marketing.manage")
        return read(await load_bargain(uow, bargain_id))


async def publish_bargain(uow: UnitOfWork, *, bargain_id: str) -> BargainRead:
    return await _move(uow, bargain_id, rules.DRAFT, rules.PUBLISHED, action="publish")


async def end_bargain(uow: UnitOfWork, *, bargain_id: str) -> BargainRead:
    return await _move(uow, bargain_id, rules.PUBLISHED, rules.ENDED, action="end")


async def bargain_stats(uow: UnitOfWork, *, bargain_id: str) -> BargainStats:
    """Bargains started, those that reached the floor, those bought, and what their orders were paid."""
    async with uow:
        uow.actor.require("marketing.manage")
        bargain = await load_bargain(uow, bargain_id)
        record = BargainRecord
        started, completed, orders, gmv = (
            await uow.s.execute(
                select(
                    func.count(),
                    func.sum(case((record.slices == record.helpers_needed, 1), else_=0)),
                    func.count(record.order_id),
                    func.sum(record.paid_amount),
                ).where(record.tenant_id == uow.tenant_id, record.bargain_id == bargain.id)
            )
        ).one()
        return BargainStats(
            id=bargain.id, status=bargain.status, started=int(started), completed=int(completed or 0),
            orders=int(orders), gmv=int(gmv or 0),
        )  # fmt: skip


async def load_bargain(uow: UnitOfWork, bargain_id: str) -> Bargain:
    bargain = (
        await uow.s.execute(
            select(Bargain)
            .where(Bargain.tenant_id == uow.tenant_id, Bargain.id == bargain_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if bargain is None:
        raise bargain_not_found(bargain_id)
    return bargain


async def _move(uow: UnitOfWork, bargain_id: str, source: str, target: str, *, action: str) -> BargainRead:
    async with uow:
        uow.actor.require("marketing.manage")
        bargain = await load_bargain(uow, bargain_id)
        now = uow.clock.now()
        moved = await uow.s.execute(
            update(Bargain)
            .where(Bargain.tenant_id == uow.tenant_id, Bargain.id == bargain.id, Bargain.status == source)
            .values(status=target, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            raise InvalidState(action=action, entity="bargain", state=bargain.status)
        set_committed_value(bargain, "status", target)
        set_committed_value(bargain, "updated_at", now)
        uow.audit(f"bargain.{action}", "bargain", bargain.id, {})
        await uow.commit()
        return read(bargain)


def read(bargain: Bargain) -> BargainRead:
    return BargainRead.model_validate(bargain, from_attributes=True)
