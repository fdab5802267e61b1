"""Staff use cases of group-buys: create and change a draft, publish, end, list, read and count.

Every state change is a guarded ``WHERE status = ...`` update, so two staff (or staff and the sweeper) move an
activity once. Ending an activity stops new groups; the groups already open run to their own deadline.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import case, delete, func, select, update

from shoal.campaigns.group_buy import rules
from shoal.campaigns.group_buy.errors import GroupBuyInvalid
from shoal.campaigns.group_buy.models import GroupBuy, GroupBuyGroup, GroupBuyItem, GroupBuyMember
from shoal.campaigns.group_buy.schemas import (
    GroupBuyCreate,
    GroupBuyItemRead,
    GroupBuyRead,
    GroupBuyStats,
    GroupBuyUpdate,
)
from shoal.core import references
from shoal.core.errors import InvalidState, NotFound
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import get_location

LIST_LIMIT = 100


async def create_group_buy(uow: UnitOfWork, *, data: GroupBuyCreate) -> GroupBuyRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await _check_refs(uow, data)
        now = uow.clock.now()
        activity = GroupBuy(id=new_id(), tenant_id=uow.tenant_id, status=rules.DRAFT, created_at=now, updated_at=now)
        _fill(activity, data)
        uow.s.add(activity)
        await uow.s.flush()
        items = _items(uow, activity.id, data)
        uow.s.add_all(items)
        uow.audit("group_buy.create", "group_buy", activity.id, {"name": data.name, "items": len(items)})
        await uow.commit()
        return read(activity, items)


async def update_group_buy(uow: UnitOfWork, *, activity_id: str, patch: GroupBuyUpdate) -> GroupBuyRead:
    """Change a draft's terms (a published activity's terms are what its members paid for: 409)."""
    async with uow:
        uow.actor.require("marketing.manage")
        activity = await load_activity(uow, activity_id)
        current = read(activity, (await items_of(uow, [activity.id]))[activity.id]).model_dump()
        data = _merged(current, patch)
        await _check_refs(uow, data)
        changed = await uow.s.execute(
            update(GroupBuy)
            .where(GroupBuy.tenant_id == uow.tenant_id, GroupBuy.id == activity.id, GroupBuy.status == rules.DRAFT)
            .values(updated_at=uow.clock.now())
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:
            raise InvalidState(action="update", entity="group buy", state=activity.status)
        _fill(activity, data)
        await uow.s.execute(
            delete(GroupBuyItem).where(GroupBuyItem.tenant_id == uow.tenant_id, GroupBuyItem.activity_id == activity.id)
        )
        items = _items(uow, activity.id, data)
        uow.s.add_all(items)
        uow.audit("group_buy.update", "group_buy", activity.id, {"name": data.name})
        await uow.commit()
        return read(activity, items)


async def list_group_buys(uow: UnitOfWork, *, status: str | None = None) -> list[GroupBuyRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(GroupBuy).where(GroupBuy.tenant_id == uow.tenant_id)
        if status:
            query = query.where(GroupBuy.status == status)
        found = list((await uow.s.execute(query.order_by(GroupBuy.starts_at.desc()).limit(LIST_LIMIT))).scalars())
        items = await items_of(uow, [a.id for a in found])
        return [read(a, items.get(a.id, [])) for a in found]


async def get_group_buy(uow: UnitOfWork, *, activity_id: str) -> GroupBuyRead:
    async with uow:
        uow.actor.require("marketing.manage")
        activity = await load_activity(uow, activity_id)
        return read(activity, (await items_of(uow, [activity.id])).get(activity.id, []))


async def move_group_buy(uow: UnitOfWork, *, activity_id: str, action: str) -> GroupBuyRead:
    """``publish`` (draft -> published) or ``end`` (published -> ended), once."""
    source, target = (rules.DRAFT, rules.PUBLISHED) if action == "publish" else (rules.PUBLISHED, rules.ENDED)
    async with uow:
        uow.actor.require("marketing.manage")
        activity = await load_activity(uow, activity_id)
        if action == "publish":
            await references.require(
                uow, "variant", [i.variant_id for i in (await items_of(uow, [activity.id]))[activity.id]]
            )
        moved = await uow.s.execute(
            update(GroupBuy)
            .where(GroupBuy.tenant_id == uow.tenant_id, GroupBuy.id == activity.id, GroupBuy.status == source)
            .values(status=target, updated_at=uow.clock.now())
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            raise InvalidState(action=action, entity="group buy", state=activity.status)
        uow.audit(f"group_buy.{action}", "group_buy", activity.id, {})
        await uow.commit()
        activity = await load_activity(uow, activity_id)
        return read(activity, (await items_of(uow, [activity.id])).get(activity.id, []))


async def group_buy_stats(uow: UnitOfWork, *, activity_id: str) -> GroupBuyStats:
    async with uow:
        uow.actor.require("marketing.manage")
        activity = await load_activity(uow, activity_id)
        counts = dict(
            (
                await uow.s.execute(
                    select(GroupBuyGroup.status, func.count())
                    .where(GroupBuyGroup.tenant_id == uow.tenant_id, GroupBuyGroup.activity_id == activity.id)
                    .group_by(GroupBuyGroup.status)
                )
            ).all()
        )
        paid, gmv = (
            await uow.s.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((GroupBuyGroup.status == rules.SUCCEEDED, GroupBuyMember.amount))), 0),
                )
                .select_from(GroupBuyMember)
                .join(GroupBuyGroup, GroupBuyGroup.id == GroupBuyMember.group_id)
                .where(
                    GroupBuyMember.tenant_id == uow.tenant_id,
                    GroupBuyMember.activity_id == activity.id,
                    GroupBuyMember.status == rules.PAID,
                )
            )
        ).one()
    succeeded, failed = int(counts.get(rules.SUCCEEDED, 0)), int(counts.get(rules.FAILED, 0))
    decided = succeeded + failed
    return GroupBuyStats(
        id=activity.id, status=activity.status, groups=sum(int(n) for n in counts.values()),
        open=int(counts.get(rules.OPEN, 0)), succeeded=succeeded, failed=failed,
        success_rate=round(succeeded / decided, 4) if decided else 0.0, members_paid=int(paid), gmv=int(gmv),
    )  # fmt: skip


async def load_activity(uow: UnitOfWork, activity_id: str) -> GroupBuy:
    activity = (
        await uow.s.execute(
            select(GroupBuy)
            .where(GroupBuy.tenant_id == uow.tenant_id, GroupBuy.id == activity_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if activity is None:
        raise NotFound("group buy", id=activity_id)
    return activity


async def items_of(uow: UnitOfWork, activity_ids: list[str]) -> dict[str, list[GroupBuyItem]]:
    rows = await uow.s.execute(
        select(GroupBuyItem)
        .where(GroupBuyItem.tenant_id == uow.tenant_id, GroupBuyItem.activity_id.in_(activity_ids))
        .order_by(GroupBuyItem.position)
    )
    grouped: dict[str, list[GroupBuyItem]] = {a: [] for a in activity_ids}
    for item in rows.scalars():
        grouped[item.activity_id].append(item)
    return grouped


async def _check_refs(uow: UnitOfWork, data: GroupBuyCreate) -> None:
    await get_location(uow, location_id=data.location_id)
    await references.require(uow, "variant", [item.variant_id for item in data.items])


def _merged(current: dict[str, Any], patch: GroupBuyUpdate) -> GroupBuyCreate:
    """The draft's terms with the patch applied, validated as a whole (422 ``group_buy_invalid`` if not)."""
    terms = {name: current[name] for name in GroupBuyCreate.model_fields if name != "items"}
    terms["items"] = [
        {"variant_id": i["variant_id"], "group_price": i["group_price"], "leader_price": i["leader_price"]}
        for i in current["items"]
    ]
    terms.update(patch.model_dump(exclude_unset=True))
    try:
        return GroupBuyCreate.model_validate(terms)
    except ValidationError as exc:
        reason = "; ".join(str(e["msg"]) for e in exc.errors())
        raise GroupBuyInvalid(reason_en=reason, reason_zh=f"活动条件无效：{reason}") from exc


def _fill(activity: GroupBuy, data: GroupBuyCreate) -> None:
    for field in (
        "name", "location_id", "starts_at", "ends_at", "group_size", "group_minutes", "payment_minutes",
        "per_shopper_limit", "new_shoppers_only", "virtual_fill_min",
    ):  # fmt: skip
        setattr(activity, field, getattr(data, field))


def _items(uow: UnitOfWork, activity_id: str, data: GroupBuyCreate) -> list[GroupBuyItem]:
    return [
        GroupBuyItem(
            id=new_id(),
            tenant_id=uow.tenant_id,
            activity_id=activity_id,
            variant_id=item.variant_id,
            group_price=item.group_price,
            leader_price=item.leader_price,
            position=i,
        )
        for i, item in enumerate(data.items)
    ]


def read(activity: GroupBuy, items: list[GroupBuyItem]) -> GroupBuyRead:
    return GroupBuyRead(
        id=activity.id, name=activity.name, location_id=activity.location_id, starts_at=activity.starts_at,
        ends_at=activity.ends_at, group_size=activity.group_size, group_minutes=activity.group_minutes,
        payment_minutes=activity.payment_minutes, per_shopper_limit=activity.per_shopper_limit,
        new_shoppers_only=activity.new_shoppers_only, virtual_fill_min=activity.virtual_fill_min,
        status=activity.status, created_at=activity.created_at,  # type: ignore[arg-type]
        items=[
            GroupBuyItemRead(id=i.id, variant_id=i.variant_id, group_price=i.group_price, leader_price=i.leader_price)
            for i in items
        ],
    )  # fmt: skip
