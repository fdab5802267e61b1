"""What promoters and staff read: the promoter centre (推广中心), a promoter's customers, team and commission
entries, and the programme's report (GMV and commission by promoter, store and product; ROI; flags).

GMV is what attributed orders kept (paid − refunded); commission is the ledger's net of commission,
reversals and clawbacks, so the report agrees with the balances to the fen.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shoal.core.uow import UnitOfWork
from shoal.customers.service_names import customer_names
from shoal.distribution import rules
from shoal.distribution.models import Binding, CommissionLine, CommissionOrder, LedgerEntry, Promoter, Withdrawal
from shoal.distribution.schemas import (
    Centre,
    CustomerRow,
    DistributionReport,
    EntryRead,
    PromoterRead,
    RankRow,
    ReportRow,
    TeamRow,
)
from shoal.distribution.service_promoters import my_promoter
from shoal.inventory.service import list_locations

EARNINGS = ("commission", "reversal", "clawback")
FARMING_WINDOW = timedelta(days=1)  # bound and bought within a day: a new account brought in for the order


def day_start(now: datetime, zone: str) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date(), time(), ZoneInfo(zone))


async def centre(uow: UnitOfWork, *, zone: str) -> Centre:
    async with uow:
        me = await my_promoter(uow)
        today = day_start(uow.clock.now(), zone)
        month = today.replace(day=1)
        kept = func.coalesce(func.sum(CommissionOrder.paid_amount - CommissionOrder.refunded), 0)
        mine = (CommissionOrder.tenant_id == uow.tenant_id, CommissionOrder.promoter_id == me.id)
        today_sales = await uow.s.scalar(select(kept).where(*mine, CommissionOrder.paid_at >= today))
        month_sales = await uow.s.scalar(select(kept).where(*mine, CommissionOrder.paid_at >= month))
        customers = await uow.s.scalar(
            select(func.count()).where(Binding.tenant_id == uow.tenant_id, Binding.promoter_id == me.id)
        )
        first, second = await _team_ids(uow, me.id)
        withdrawn = await uow.s.scalar(
            select(func.coalesce(func.sum(Withdrawal.amount), 0)).where(
                Withdrawal.tenant_id == uow.tenant_id, Withdrawal.promoter_id == me.id, Withdrawal.status == "paid"
            )
        )
        return Centre(
            promoter=PromoterRead.model_validate(me), today_sales=today_sales or 0, month_sales=month_sales or 0,
            pending=me.pending, balance=me.balance, customers=customers or 0, invited=len(first),
            invited_second_level=len(second), withdrawals=withdrawn or 0, ranking=await _ranking(uow, month),
        )  # fmt: skip


async def my_customers(uow: UnitOfWork) -> list[CustomerRow]:
    async with uow:
        me = await my_promoter(uow)
        bindings = list(await uow.s.scalars(
            select(Binding).where(Binding.tenant_id == uow.tenant_id, Binding.promoter_id == me.id)
            .order_by(Binding.bound_at.desc()).limit(500)
        ))  # fmt: skip
        bought = dict.fromkeys((b.customer_id for b in bindings), (0, 0))
        rows = await uow.s.execute(
            select(CommissionOrder.customer_id, func.count(),
                   func.sum(CommissionOrder.paid_amount - CommissionOrder.refunded))
            .where(CommissionOrder.tenant_id == uow.tenant_id, CommissionOrder.promoter_id == me.id)
            .group_by(CommissionOrder.customer_id)
        )  # fmt: skip
        for customer_id, orders, paid in rows:
            bought[customer_id] = (orders, paid or 0)
        names = await customer_names(uow, ids={b.customer_id for b in bindings})
        return [
            CustomerRow(customer_id=b.customer_id, name=names.get(b.customer_id, ""), source=b.source,
                        bound_at=b.bound_at, orders=bought[b.customer_id][0], paid=bought[b.customer_id][1])
            for b in bindings
        ]  # fmt: skip


async def my_team(uow: UnitOfWork) -> list[TeamRow]:
    """The promoters I invited (level 1) and those they invited (level 2)."""
    async with uow:
        me = await my_promoter(uow)
        first, second = await _team_ids(uow, me.id)
        rows = await uow.s.scalars(
            select(Promoter).where(Promoter.tenant_id == uow.tenant_id, Promoter.id.in_(first | second))
        )
        return sorted(
            (TeamRow(id=p.id, name=p.name, level=1 if p.id in first else 2, created_at=p.created_at) for p in rows),
            key=lambda row: (row.level, row.created_at),
        )


async def my_entries(uow: UnitOfWork) -> list[EntryRead]:
    async with uow:
        me = await my_promoter(uow)
        rows = await uow.s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.tenant_id == uow.tenant_id, LedgerEntry.promoter_id == me.id)
            .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
            .limit(200)
        )
        return [EntryRead.model_validate(row) for row in rows]


async def report(uow: UnitOfWork) -> DistributionReport:
    async with uow:
        uow.actor.require("marketing.manage")
        orders = list(await uow.s.scalars(select(CommissionOrder).where(CommissionOrder.tenant_id == uow.tenant_id)))
        earned = dict(
            (await uow.s.execute(
                select(LedgerEntry.promoter_id, func.sum(LedgerEntry.amount))
                .where(LedgerEntry.tenant_id == uow.tenant_id, LedgerEntry.kind.in_(EARNINGS))
                .group_by(LedgerEntry.promoter_id)
            )).all()
        )  # fmt: skip
        promoters = {p.id: p for p in await uow.s.scalars(select(Promoter).where(Promoter.tenant_id == uow.tenant_id))}
        gmv = sum(o.paid_amount - o.refunded for o in orders)
        commission = sum(earned.values())
        return DistributionReport(
            gmv=gmv, commission=commission, roi=round(gmv / commission, 2) if commission > 0 else None,
            by_promoter=_by_promoter(orders, earned, promoters), by_store=await _by_store(uow, orders),
            by_product=await _by_product(uow), flagged=await _flagged(uow, orders, promoters),
        )  # fmt: skip


def _by_promoter(
    orders: list[CommissionOrder], earned: dict[str, int], promoters: dict[str, Promoter]
) -> list[ReportRow]:
    rows: dict[str, ReportRow] = {}
    for order in orders:
        name = promoters[order.promoter_id].name if order.promoter_id in promoters else order.promoter_id
        row = rows.setdefault(order.promoter_id, ReportRow(key=order.promoter_id, name=name, orders=0, gmv=0,
                                                           commission=earned.get(order.promoter_id, 0)))  # fmt: skip
        row.orders += 1
        row.gmv += order.paid_amount - order.refunded
    return sorted(rows.values(), key=lambda row: -row.gmv)


async def _by_store(uow: UnitOfWork, orders: list[CommissionOrder]) -> list[ReportRow]:
    names = {location.id: location.name for location in await list_locations(uow)}
    rows: dict[str, ReportRow] = {}
    for order in orders:
        if order.store_id:
            row = rows.setdefault(order.store_id, ReportRow(key=order.store_id, name=names.get(order.store_id, ""),
                                                            orders=0, gmv=0, commission=0))  # fmt: skip
            row.orders += 1
            row.gmv += order.paid_amount - order.refunded
            row.commission += rules.remaining(order.commission1 + order.commission2, order.paid_amount, order.refunded)
    return sorted(rows.values(), key=lambda row: -row.gmv)


async def _by_product(uow: UnitOfWork) -> list[ReportRow]:
    """By product, as paid (the lines' amounts and commission at payment; refunds are per order)."""
    rows = await uow.s.execute(
        select(CommissionLine.product_id, func.max(CommissionLine.name), func.count(), func.sum(CommissionLine.base),
               func.sum(CommissionLine.tier1 + CommissionLine.tier2))
        .where(CommissionLine.tenant_id == uow.tenant_id)
        .group_by(CommissionLine.product_id)
        .order_by(func.sum(CommissionLine.base).desc())
        .limit(50)
    )  # fmt: skip
    return [ReportRow(key=key, name=name, orders=count, gmv=base or 0, commission=paid or 0)
            for key, name, count, base, paid in rows]  # fmt: skip


async def _flagged(uow: UnitOfWork, orders: list[CommissionOrder], promoters: dict[str, Promoter]) -> list[str]:
    bound = dict((await uow.s.execute(
        select(Binding.customer_id, Binding.bound_at).where(Binding.tenant_id == uow.tenant_id)
    )).all())  # fmt: skip
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for order in orders:
        figures = counts[order.promoter_id]
        figures[0] += 1
        at = bound.get(order.customer_id)
        figures[1] += at is not None and order.paid_at - at <= FARMING_WINDOW
        figures[2] += order.refunded > 0
    return [promoters[pid].name for pid, (n, new, refunded) in counts.items()
            if pid in promoters and rules.suspicious(n, new, refunded)]  # fmt: skip


async def _team_ids(uow: UnitOfWork, promoter_id: str) -> tuple[set[str], set[str]]:
    first = set(await uow.s.scalars(
        select(Promoter.id).where(Promoter.tenant_id == uow.tenant_id, Promoter.inviter_id == promoter_id)
    ))  # fmt: skip
    second = set(await uow.s.scalars(
        select(Promoter.id).where(Promoter.tenant_id == uow.tenant_id, Promoter.inviter_id.in_(first))
    )) if first else set()  # fmt: skip
    return first, second


async def _ranking(uow: UnitOfWork, since: datetime) -> list[RankRow]:
    rows = await uow.s.execute(
        select(CommissionOrder.promoter_id, func.sum(CommissionOrder.paid_amount - CommissionOrder.refunded))
        .where(CommissionOrder.tenant_id == uow.tenant_id, CommissionOrder.paid_at >= since)
        .group_by(CommissionOrder.promoter_id)
        .order_by(func.sum(CommissionOrder.paid_amount - CommissionOrder.refunded).desc())
        .limit(10)
    )  # fmt: skip
    ranked = rows.all()
    names = dict((await uow.s.execute(
        select(Promoter.id, Promoter.name).where(Promoter.tenant_id == uow.tenant_id,
                                                 Promoter.id.in_([pid for pid, _ in ranked]))
    )).all())  # fmt: skip
    return [RankRow(promoter_id=pid, name=names.get(pid, ""), gmv=gmv or 0) for pid, gmv in ranked]
