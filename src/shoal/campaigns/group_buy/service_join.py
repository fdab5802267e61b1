"""A shopper opens a group or joins one: the order to pay, idempotent per ``Idempotency-Key``.

    probe (live activity, SKU, quantity within the limit) -> idempotency claim ->
    [ group (open: a new row; join: open, not full, not over) -> the shopper's units in the whole activity
      -> member row (unique per group and shopper) -> the shopper's units in the whole activity, this
      member's included (counted under their locked row)
      -> campaign order at the group (or leader) price, units from the location's stock, goods held ]

A seat is not taken here: it is taken when the money reaches the order (``service_seats``). Refusals before
the claim write nothing; a refusal inside rolls the transaction back whole.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from shoal.campaigns.group_buy import rules
from shoal.campaigns.group_buy.errors import (
    AlreadyInGroup,
    GroupBuyLimit,
    GroupBuyNotLive,
    GroupFull,
    NewShoppersOnly,
)
from shoal.campaigns.group_buy.models import GroupBuy, GroupBuyGroup, GroupBuyItem, GroupBuyMember, GroupBuyShopper
from shoal.campaigns.group_buy.schemas import GroupJoinIn
from shoal.campaigns.group_buy.service import load_activity
from shoal.checkout.service_campaign import CampaignPurchase, campaign_checkout
from shoal.core.errors import NotFound
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.ids import new_id
from shoal.core.tenancy import Tenant
from shoal.core.uow import UnitOfWork
from shoal.orders.service_customers import live_order_count


async def open_group(
    new_uow: Callable[[], UnitOfWork], *, tenant: Tenant, activity_id: str, data: GroupJoinIn, key: str, locale: str
) -> Outcome:
    """开团: a new group led by this shopper, and their order to pay (201)."""
    probe = new_uow()
    async with probe:
        activity, item = await _live(probe, activity_id, data)
    return await run_once(
        new_uow(), scope=f"group-buy:{probe.actor.id}", key=key, locale=locale,
        request_fingerprint=fingerprint({"open": activity_id, **data.model_dump(mode="json")}),
        handler=lambda uow: _open(uow, tenant, activity, item, data),
    )  # fmt: skip


async def join_group(
    new_uow: Callable[[], UnitOfWork], *, tenant: Tenant, group_id: str, data: GroupJoinIn, key: str, locale: str
) -> Outcome:
    """参团: a seat-to-be in an open group, and the order to pay (201); ``group_full`` if it cannot fill."""
    probe = new_uow()
    async with probe:
        group = await load_group(probe, group_id)
        activity, item = await _live(probe, group.activity_id, data)
    return await run_once(
        new_uow(), scope=f"group-buy:{probe.actor.id}", key=key, locale=locale,
        request_fingerprint=fingerprint({"join": group_id, **data.model_dump(mode="json")}),
        handler=lambda uow: _join(uow, tenant, activity, item, group_id, data),
    )  # fmt: skip


async def _open(
    uow: UnitOfWork, tenant: Tenant, activity: GroupBuy, item: GroupBuyItem, data: GroupJoinIn
) -> tuple[int, dict[str, object]]:
    now = uow.clock.now()
    group = GroupBuyGroup(
        id=new_id(), tenant_id=uow.tenant_id, activity_id=activity.id, leader_id=uow.actor.id, size=activity.group_size,
        paid=0, virtual_seats=0, status=rules.OPEN, created_at=now, closed_at=None,
        expires_at=rules.group_expiry(now, activity.group_minutes, activity.ends_at),
    )  # fmt: skip
    uow.s.add(group)
    await uow.s.flush()
    return await _enrol(uow, tenant, activity, item, group, data, leader=True)


async def _join(
    uow: UnitOfWork, tenant: Tenant, activity: GroupBuy, item: GroupBuyItem, group_id: str, data: GroupJoinIn
) -> tuple[int, dict[str, object]]:
    group = await load_group(uow, group_id)
    if group.status != rules.OPEN or group.paid >= group.size or group.expires_at <= uow.clock.now():
        raise GroupFull()  # refused before payment; a payment that still finds it full is refunded
    if activity.new_shoppers_only and await live_order_count(uow, customer_id=uow.actor.id) > 0:
        raise NewShoppersOnly()
    return await _enrol(uow, tenant, activity, item, group, data, leader=False)


async def _enrol(
    uow: UnitOfWork, tenant: Tenant, activity: GroupBuy, item: GroupBuyItem, group: GroupBuyGroup,
    data: GroupJoinIn, *, leader: bool,
) -> tuple[int, dict[str, object]]:  # fmt: skip
    member = GroupBuyMember(
        id=new_id(), tenant_id=uow.tenant_id, group_id=group.id, activity_id=activity.id, customer_id=uow.actor.id,
        variant_id=item.variant_id, quantity=data.quantity, amount=0, is_leader=leader, status=rules.PENDING,
        created_at=uow.clock.now(), paid_at=None,
    )  # fmt: skip
    member.order_id = member.id  # until the order exists: the (group, shopper) key decides first
    try:
        async with uow.s.begin_nested():
            uow.s.add(member)
            await uow.s.flush()
    except IntegrityError as exc:
        raise AlreadyInGroup() from exc
    await _within_limit(uow, activity)
    purchase = CampaignPurchase(
        variant_id=item.variant_id, quantity=data.quantity,
        unit_price=rules.unit_price(item.group_price, item.leader_price, leader=leader),
        location_id=activity.location_id, reserve_from=None, fulfilment_hold=rules.hold_of(group.id),
        remark=f"拼团 {activity.name} / Group-buy {activity.name}",
    )  # fmt: skip
    order = await campaign_checkout(
        uow, tenant=tenant, purchase=purchase, delivery=data.delivery, unpaid_minutes=activity.payment_minutes
    )
    member.order_id, member.amount = order.id, order.total
    await uow.s.flush()
    return 201, {**order.model_dump(mode="json"), "group_id": group.id}


async def _within_limit(uow: UnitOfWork, activity: GroupBuy) -> None:
    """``limit_reached`` (and the transaction rolled back) unless the shopper's units in the activity, the new
    member's included, stay within its per-shopper limit. Their row is locked first (an upsert that touches it),
    so their concurrent orders count one after the other; units of groups that failed, and of members who left
    or were refused, no longer count."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    await uow.s.execute(
        insert(GroupBuyShopper)
        .values(id=new_id(), tenant_id=uow.tenant_id, activity_id=activity.id, customer_id=uow.actor.id)
        .on_conflict_do_update(
            index_elements=["tenant_id", "activity_id", "customer_id"],
            set_={"customer_id": uow.actor.id},
        )
    )
    held = (
        await uow.s.execute(
            select(func.coalesce(func.sum(GroupBuyMember.quantity), 0))
            .join(GroupBuyGroup, GroupBuyGroup.id == GroupBuyMember.group_id)
            .where(
                GroupBuyMember.tenant_id == uow.tenant_id,
                GroupBuyMember.activity_id == activity.id,
                GroupBuyMember.customer_id == uow.actor.id,
                GroupBuyMember.status.in_((rules.PENDING, rules.PAID)),
                GroupBuyGroup.status != rules.FAILED,
            )
        )
    ).scalar_one()
    if held > activity.per_shopper_limit:
        raise GroupBuyLimit(limit=activity.per_shopper_limit)


async def _live(uow: UnitOfWork, activity_id: str, data: GroupJoinIn) -> tuple[GroupBuy, GroupBuyItem]:
    """The live activity and its SKU: 404 for an unknown one, 409 when it is not on or the quantity is above
    the limit."""
    activity = await load_activity(uow, activity_id)
    item = (
        await uow.s.execute(
            select(GroupBuyItem).where(
                GroupBuyItem.tenant_id == uow.tenant_id,
                GroupBuyItem.activity_id == activity.id,
                GroupBuyItem.variant_id == data.variant_id,
            )
        )
    ).scalar_one_or_none()
    if item is None:
        raise NotFound("group buy item", id=data.variant_id)
    state = rules.activity_state(activity.status, activity.starts_at, activity.ends_at, uow.clock.now())
    if state != "live":
        raise GroupBuyNotLive(state=state)
    if data.quantity > activity.per_shopper_limit:
        raise GroupBuyLimit(limit=activity.per_shopper_limit)
    return activity, item


async def load_group(uow: UnitOfWork, group_id: str) -> GroupBuyGroup:
    group = (
        await uow.s.execute(
            select(GroupBuyGroup)
            .where(GroupBuyGroup.tenant_id == uow.tenant_id, GroupBuyGroup.id == group_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if group is None:
        raise NotFound("group", id=group_id)
    return group
