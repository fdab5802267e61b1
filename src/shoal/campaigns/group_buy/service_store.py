"""What the storefront shows: live activities, an activity with its open groups closest to completion (凑团),
one group, and a shopper's own groups (member centre). Members appear as anonymous avatars (a letter drawn
from their id, and who leads): a group page is shared with strangers, so no names or phones leave here."""

from __future__ import annotations

from sqlalchemy import select

from shoal.campaigns.group_buy import rules
from shoal.campaigns.group_buy.models import GroupBuy, GroupBuyGroup, GroupBuyMember
from shoal.campaigns.group_buy.schemas import (
    GroupMemberView,
    GroupRead,
    MyGroup,
    StoreGroupBuy,
    StoreGroupBuyItem,
)
from shoal.campaigns.group_buy.service import items_of, load_activity
from shoal.campaigns.group_buy.service_join import load_group
from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork

SHOWN = 20
STAFF_SHOWN = 100
AVATAR_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


async def store_group_buys(uow: UnitOfWork) -> list[StoreGroupBuy]:
    """Published activities not yet over, soonest first (without their groups: see one activity)."""
    async with uow:
        now = uow.clock.now()
        found = list(
            (
                await uow.s.execute(
                    select(GroupBuy)
                    .where(
                        GroupBuy.tenant_id == uow.tenant_id, GroupBuy.status == rules.PUBLISHED, GroupBuy.ends_at > now
                    )
                    .order_by(GroupBuy.starts_at)
                    .limit(SHOWN)
                )
            ).scalars()
        )
        return [await _store_view(uow, a, groups=[]) for a in found]


async def store_group_buy(uow: UnitOfWork, *, activity_id: str) -> StoreGroupBuy:
    async with uow:
        activity = await load_activity(uow, activity_id)
        if activity.status == rules.DRAFT:
            raise NotFound("group buy", id=activity_id)
        open_groups = list(
            (
                await uow.s.execute(
                    select(GroupBuyGroup)
                    .where(
                        GroupBuyGroup.tenant_id == uow.tenant_id,
                        GroupBuyGroup.activity_id == activity.id,
                        GroupBuyGroup.status == rules.OPEN,
                        GroupBuyGroup.paid > 0,  # a group shows once its leader paid
                        GroupBuyGroup.expires_at > uow.clock.now(),
                    )
                    .order_by((GroupBuyGroup.size - GroupBuyGroup.paid), GroupBuyGroup.expires_at, GroupBuyGroup.id)
                    .limit(SHOWN)
                )
            ).scalars()
        )
        return await _store_view(uow, activity, groups=await _reads(uow, open_groups))


async def activity_groups(uow: UnitOfWork, *, activity_id: str) -> list[GroupRead]:
    """Staff's view: an activity's latest groups, whatever their state."""
    async with uow:
        uow.actor.require("marketing.manage")
        found = await uow.s.execute(
            select(GroupBuyGroup)
            .where(GroupBuyGroup.tenant_id == uow.tenant_id, GroupBuyGroup.activity_id == activity_id)
            .order_by(GroupBuyGroup.created_at.desc(), GroupBuyGroup.id)
            .limit(STAFF_SHOWN)
        )
        return await _reads(uow, list(found.scalars()))


async def store_group(uow: UnitOfWork, *, group_id: str) -> GroupRead:
    async with uow:
        return (await _reads(uow, [await load_group(uow, group_id)]))[0]


async def my_groups(uow: UnitOfWork) -> list[MyGroup]:
    """The signed-in shopper's groups, latest first."""
    async with uow:
        rows = (
            await uow.s.execute(
                select(GroupBuyMember, GroupBuyGroup, GroupBuy.name)
                .join(GroupBuyGroup, GroupBuyGroup.id == GroupBuyMember.group_id)
                .join(GroupBuy, GroupBuy.id == GroupBuyMember.activity_id)
                .where(GroupBuyMember.tenant_id == uow.tenant_id, GroupBuyMember.customer_id == uow.actor.id)
                .order_by(GroupBuyMember.created_at.desc())
                .limit(SHOWN)
            )
        ).all()
        reads = await _reads(uow, [group for _, group, _ in rows])
    return [
        MyGroup(group=read, activity_name=name, order_id=member.order_id, member_status=member.status)
        for (member, _, name), read in zip(rows, reads, strict=True)
    ]


async def _reads(uow: UnitOfWork, groups: list[GroupBuyGroup]) -> list[GroupRead]:
    members: dict[str, list[GroupBuyMember]] = {g.id: [] for g in groups}
    if groups:
        found = await uow.s.execute(
            select(GroupBuyMember)
            .where(
                GroupBuyMember.tenant_id == uow.tenant_id,
                GroupBuyMember.group_id.in_(list(members)),
                GroupBuyMember.status == rules.PAID,
            )
            .order_by(GroupBuyMember.paid_at, GroupBuyMember.id)
        )
        for member in found.scalars():
            members[member.group_id].append(member)
    return [
        GroupRead(
            id=g.id,
            activity_id=g.activity_id,
            status=g.status,
            size=g.size,  # type: ignore[arg-type]
            paid=g.paid + g.virtual_seats,
            seats_left=max(0, g.size - g.paid - g.virtual_seats),
            expires_at=g.expires_at,
            members=[GroupMemberView(initial=_avatar(m.customer_id), is_leader=m.is_leader) for m in members[g.id]],
        )
        for g in groups
    ]


async def _store_view(uow: UnitOfWork, activity: GroupBuy, *, groups: list[GroupRead]) -> StoreGroupBuy:
    items = (await items_of(uow, [activity.id]))[activity.id]
    snaps = await variants_for_pricing(uow, variant_ids=sorted({i.variant_id for i in items}))
    now = uow.clock.now()
    return StoreGroupBuy(
        id=activity.id, name=activity.name, starts_at=activity.starts_at, ends_at=activity.ends_at,
        state=rules.activity_state(activity.status, activity.starts_at, activity.ends_at, now),  # type: ignore[arg-type]
        group_size=activity.group_size, group_minutes=activity.group_minutes,
        per_shopper_limit=activity.per_shopper_limit, new_shoppers_only=activity.new_shoppers_only, now=now,
        open_groups=groups,
        items=[
            StoreGroupBuyItem(
                variant_id=i.variant_id, product_id=snap.product_id, name=snap.name, title=snap.title, image=snap.image,
                price=snap.unit_price, group_price=i.group_price, leader_price=i.leader_price,
            )
            for i in items
            if (snap := snaps.get(i.variant_id)) is not None and snap.product_status == "active"
        ],
    )  # fmt: skip


def _avatar(customer_id: str) -> str:
    return AVATAR_LETTERS[sum(customer_id.encode()) % len(AVATAR_LETTERS)]
