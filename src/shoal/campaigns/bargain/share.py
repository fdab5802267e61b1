"""Bargains in the share funnel: a shopper shares their bargain (the target ``bargain`` is a bargain record,
opened at its storefront page), and the cuts their bargains got are the funnel's ``cuts`` step, counted for the
initiator who shared them."""

from __future__ import annotations

from sqlalchemy import func, select

from shoal.campaigns.bargain import rules
from shoal.campaigns.bargain.models import BargainCut, BargainRecord
from shoal.campaigns.bargain.service import load_bargain
from shoal.campaigns.bargain.service_store import load_record
from shoal.campaigns.sharing.targets import Target, counts, shares
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork

BADGE = {"zh-CN": "帮我砍一刀", "en": "Help me cut the price"}
CAMPAIGN = "bargain"


@shares("bargain")
async def bargain_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    record = await load_record(uow, target_id)
    bargain = await load_bargain(uow, record.bargain_id)
    return Target(
        path=f"/bargain-records/{record.id}", name=bargain.name, currency="CNY", campaign_type=CAMPAIGN,
        price=rules.price_after(record.start_price, record.plan, record.slices), campaign_id=bargain.id,
        badge=pick(BADGE, locale),
    )  # fmt: skip


@counts("cuts")
async def cuts_by_initiator(uow: UnitOfWork, campaign_type: str | None, campaign_id: str | None) -> dict[str, int]:
    if campaign_type not in (None, CAMPAIGN):
        return {}
    query = (
        select(BargainRecord.initiator_id, func.count(BargainCut.id))
        .join(BargainCut, BargainCut.record_id == BargainRecord.id)
        .where(BargainRecord.tenant_id == uow.tenant_id, BargainCut.tenant_id == uow.tenant_id)
        .group_by(BargainRecord.initiator_id)
    )
    if campaign_id:
        query = query.where(BargainRecord.bargain_id == campaign_id)
    return {initiator: int(n) for initiator, n in await uow.s.execute(query)}
