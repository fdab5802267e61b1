"""Group-buys in the share funnel: a shopper shares an activity (``group_buy``) or the group they lead or joined
(``group``, opened at the activity page, where its seats show), and the funnel counts, per sharer, the groups
they opened (``groups_opened``) and the shoppers who joined those groups (``joins``)."""

from __future__ import annotations

from sqlalchemy import func, select

from shoal.campaigns.group_buy import rules
from shoal.campaigns.group_buy.models import GroupBuy, GroupBuyGroup, GroupBuyMember
from shoal.campaigns.group_buy.service import items_of, load_activity
from shoal.campaigns.group_buy.service_join import load_group
from shoal.campaigns.sharing.targets import Target, counts, shares
from shoal.core.errors import NotFound
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork

BADGE = {"zh-CN": "拼团", "en": "Group buy"}
CAMPAIGN = "group_buy"


@shares("group_buy")
async def activity_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    return await _target(uow, await load_activity(uow, target_id), locale)


@shares("group")
async def group_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    group = await load_group(uow, target_id)
    return await _target(uow, await load_activity(uow, group.activity_id), locale)


async def _target(uow: UnitOfWork, activity: GroupBuy, locale: str) -> Target:
    if activity.status != rules.PUBLISHED:
        raise NotFound("group buy", id=activity.id)  # a draft or ended activity is not shared
    items = (await items_of(uow, [activity.id]))[activity.id]
    return Target(
        path=f"/group-buys/{activity.id}", name=activity.name, currency="CNY", campaign_type=CAMPAIGN,
        price=min((item.group_price for item in items), default=None), campaign_id=activity.id,
        badge=pick(BADGE, locale),
    )  # fmt: skip


@counts("groups_opened")
async def groups_by_leader(uow: UnitOfWork, campaign_type: str | None, campaign_id: str | None) -> dict[str, int]:
    if campaign_type not in (None, CAMPAIGN):
        return {}
    query = select(GroupBuyGroup.leader_id, func.count()).where(GroupBuyGroup.tenant_id == uow.tenant_id)
    if campaign_id:
        query = query.where(GroupBuyGroup.activity_id == campaign_id)
    return {leader: int(n) for leader, n in await uow.s.execute(query.group_by(GroupBuyGroup.leader_id))}


@counts("joins")
async def joins_by_leader(uow: UnitOfWork, campaign_type: str | None, campaign_id: str | None) -> dict[str, int]:
    if campaign_type not in (None, CAMPAIGN):
        return {}
    query = (
        select(GroupBuyGroup.leader_id, func.count(GroupBuyMember.id))
        .join(GroupBuyMember, GroupBuyMember.group_id == GroupBuyGroup.id)
        .where(GroupBuyGroup.tenant_id == uow.tenant_id, GroupBuyMember.tenant_id == uow.tenant_id)
        .where(GroupBuyMember.is_leader.is_(False))
    )
    if campaign_id:
        query = query.where(GroupBuyGroup.activity_id == campaign_id)
    return {leader: int(n) for leader, n in await uow.s.execute(query.group_by(GroupBuyGroup.leader_id))}
