"""Volume rebates: the brand's tiers, and a ledger of one entry per dealer and month, written by a settling
job. The volume of a month is the total of the dealer's orders invoiced in it; an entry is inserted with
``ON CONFLICT DO NOTHING`` on (dealer, period), so the job run twice, or in two processes, writes nothing
twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from shoal.core.actors import SYSTEM
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.dealers import rules, scope
from shoal.dealers.models import DealerOrder, RebateEntry, RebatePeriod, RebateTier
from shoal.dealers.schemas import RebateRead, TierIn, TiersIn
from shoal.dealers.service_accounts import load_dealer


async def set_tiers(uow: UnitOfWork, *, data: TiersIn) -> list[TierIn]:
    """Replace the tiers (a later settlement uses the tiers of its day; settled months keep theirs)."""
    async with uow:
        uow.actor.require("settings.manage")
        await uow.s.execute(delete(RebateTier).where(RebateTier.tenant_id == uow.tenant_id))
        for tier in {tier.min_volume: tier for tier in data.tiers}.values():
            uow.s.add(RebateTier(tenant_id=uow.tenant_id, min_volume=tier.min_volume, rate_bps=tier.rate_bps))
        uow.audit("dealer.rebate_tiers", "dealer_rebate_tiers", None, data.model_dump(mode="json"))
        await uow.commit()
    return await list_tiers(uow)


async def list_tiers(uow: UnitOfWork) -> list[TierIn]:
    async with uow:
        rows = await uow.s.execute(
            select(RebateTier).where(RebateTier.tenant_id == uow.tenant_id).order_by(RebateTier.min_volume)
        )
        return [TierIn(min_volume=row.min_volume, rate_bps=row.rate_bps) for row in rows.scalars()]


async def list_rebates(uow: UnitOfWork, *, dealer_id: str | None = None) -> list[RebateRead]:
    """A dealer's staff read their own entries; the brand's staff any dealer's, or all."""
    async with uow:
        if uow.actor.kind != "dealer":
            uow.actor.require("orders.read")
        query = scope.owned(uow, RebateEntry)
        if dealer_id:
            await load_dealer(uow, dealer_id)  # 404 for a dealer the actor may not see, as its other reads
            query = query.where(RebateEntry.dealer_id == dealer_id)
        rows = await uow.s.execute(query.order_by(RebateEntry.period.desc(), RebateEntry.dealer_id))
        return [RebateRead.model_validate(row) for row in rows.scalars()]


async def settle(uow: UnitOfWork, *, period: str) -> int:
    """Write the month's rebate of every dealer that earned one, once per month (the tiers of that day); how
    many entries were new (0 for a month settled before)."""
    async with uow:
        uow.actor.require("settings.manage")
        start, end = rules.period_bounds(period, uow.clock.now())
        if not await _insert_once(uow, RebatePeriod, {"period": period}, ["period"]):
            return 0
        tiers = [rules.Tier(t.min_volume, t.rate_bps) for t in await list_tiers(uow)]
        volumes = await uow.s.execute(
            select(DealerOrder.dealer_id, func.sum(DealerOrder.total))
            .where(
                DealerOrder.tenant_id == uow.tenant_id,
                DealerOrder.invoiced_at >= start,
                DealerOrder.invoiced_at < end,
            )
            .group_by(DealerOrder.dealer_id)
        )
        written = 0
        for dealer_id, volume in volumes.all():
            rate, amount = rules.rebate(int(volume), tiers)
            if amount > 0:
                entry = {
                    "dealer_id": dealer_id,
                    "period": period,
                    "volume": int(volume),
                    "rate_bps": rate,
                    "amount": amount,
                }
                written += await _insert_once(uow, RebateEntry, entry, ["dealer_id", "period"])
        await uow.commit()
        return written


async def settle_last_month(db: Database) -> int:
    """The job: settle the month that ended before today, shop by shop."""
    written = 0
    for tenant_id in await tenant_ids(db):
        uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
        written += await settle(uow, period=rules.last_period(db.clock.now()))
    return written


async def _insert_once(uow: UnitOfWork, model: Any, values: dict[str, Any], keys: list[str]) -> bool:
    """Insert one row unless its unique ``keys`` exist already (a rerun, or a twin job that got there first)."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    statement = (
        insert(model)
        .values(id=new_id(), tenant_id=uow.tenant_id, settled_at=uow.clock.now(), **values)
        .on_conflict_do_nothing(index_elements=["tenant_id", *keys])
        .returning(model.id)
    )
    return (await uow.s.execute(statement)).scalar_one_or_none() is not None


register_job("dealers.settle_rebates", settle_last_month)
