"""The share funnel: shares -> visits -> (groups opened / joins / cuts) -> orders -> paid GMV, per sharer and in
total, for one campaign (``campaign_type`` and ``campaign_id``), one kind of campaign, or every share.

Shares, visits and orders are this package's rows; the middle steps are counted by the campaigns that own
them (``targets.counts``) and are zero until one registers. Paid GMV is what the attributed orders paid.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select

from shoal.campaigns.sharing import targets
from shoal.campaigns.sharing.models import ShareAttribution, ShareLink, ShareVisit
from shoal.campaigns.sharing.schemas import FunnelRow, ShareFunnel
from shoal.core.uow import UnitOfWork
from shoal.customers.service_names import customer_names

STAGES = ("shares", "visits", *targets.STEPS, "orders", "paid_orders", "paid_gmv")


def _scoped(model: Any, tenant_id: str, campaign_type: str | None, campaign_id: str | None) -> list[Any]:
    conditions = [model.tenant_id == tenant_id]
    if campaign_type:
        conditions.append(model.campaign_type == campaign_type)
    if campaign_id:
        conditions.append(model.campaign_id == campaign_id)
    return conditions


async def _per_sharer(
    uow: UnitOfWork, model: Any, columns: dict[str, Any], where: list[Any]
) -> dict[str, dict[str, int]]:
    query = select(model.sharer_id, *(column.label(name) for name, column in columns.items())).where(*where)
    rows = (await uow.s.execute(query.group_by(model.sharer_id))).mappings()
    return {row["sharer_id"]: {name: int(row[name] or 0) for name in columns} for row in rows}


async def share_funnel(uow: UnitOfWork, *, campaign_type: str | None, campaign_id: str | None) -> ShareFunnel:
    async with uow:
        uow.actor.require("orders.read")
        scope = (uow.tenant_id, campaign_type, campaign_id)
        paid = ShareAttribution.paid_amount > 0
        parts = [
            await _per_sharer(uow, ShareLink, {"shares": func.count()}, _scoped(ShareLink, *scope)),
            await _per_sharer(uow, ShareVisit, {"visits": func.count()}, _scoped(ShareVisit, *scope)),
            await _per_sharer(
                uow,
                ShareAttribution,
                {
                    "orders": func.count(),
                    "paid_orders": func.sum(case((paid, 1), else_=0)),
                    "paid_gmv": func.sum(ShareAttribution.paid_amount),
                },
                _scoped(ShareAttribution, *scope),
            ),
        ]
        for step, per_sharer in (await targets.step_counts(uow, campaign_type, campaign_id)).items():
            parts.append({sharer: {step: count} for sharer, count in per_sharer.items()})
        figures: dict[str, dict[str, int]] = {}
        for part in parts:
            for sharer, values in part.items():
                figures.setdefault(sharer, {}).update(values)
        names = await customer_names(uow, ids=set(figures))
    rows = [FunnelRow(sharer_id=s, sharer_name=names.get(s), **values) for s, values in figures.items()]
    rows.sort(key=lambda row: (-row.paid_gmv, -row.orders, -row.visits, row.sharer_id or ""))
    totals = FunnelRow(**{stage: sum(getattr(row, stage) for row in rows) for stage in STAGES})
    return ShareFunnel(campaign_type=campaign_type, campaign_id=campaign_id, totals=totals, sharers=rows)
