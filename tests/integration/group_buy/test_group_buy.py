"""Group-buys on SQLite and PostgreSQL: a group succeeds the moment N have paid (and its goods may then ship),
a payment for a full group is refunded, a held order cannot ship, a refund while open gives the seat back, and
a group that fails refunds every paid member once and puts the stock back, even when the provider fails twice."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from shoal.campaigns.group_buy import service
from shoal.campaigns.group_buy.schemas import GroupJoinIn
from shoal.campaigns.group_buy.service_join import open_group
from shoal.campaigns.group_buy.service_seats import close_expired
from shoal.campaigns.group_buy.service_store import store_group, store_group_buy
from shoal.campaigns.group_buy.share import groups_by_leader, joins_by_leader
from shoal.campaigns.sharing import targets
from shoal.core.actors import Actor
from shoal.core.errors import NotFound
from shoal.inventory.models import Stock
from shoal.orders.errors import FulfilmentHeld
from shoal.orders.models import Order
from shoal.orders.schemas import PickupVerify, RemainingShipmentCreate
from shoal.orders.service import cancel_order
from shoal.orders.service_admin import ship_remaining, verify_pickup
from shoal.orders.service_queries import get_order_detail
from shoal.payments.models import Payment, PaymentRefund
from shoal.payments.providers.errors import ProviderFailed
from shoal.payments.providers.mock import MockProvider
from tests.integration.group_buy.conftest import drain, enrol, live_activity, pay

SHIP_IT = RemainingShipmentCreate(carrier="sf", tracking_number="SF100")


async def _member(uow_factory, activity, clock, db, customer_id: str, group_id: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    outcome = await enrol(uow_factory, activity, customer_id, group_id=group_id)
    assert outcome.status == 201, outcome.body
    await pay(uow_factory, clock, outcome.body["id"], customer_id)
    await drain(db)
    return outcome.body


async def test_group_succeeds_when_exactly_n_paid_and_a_late_payment_is_refunded(
    db, uow_factory, tenant, clock
) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    group_id = leader["group_id"]
    assert leader["total"] - leader["shipping_fee"] == 4900  # the leader price
    with pytest.raises(FulfilmentHeld) as held:
        await ship_remaining(uow_factory(), order_id=leader["id"], data=SHIP_IT)
    assert held.value.code == "fulfilment_held"
    second = await _member(uow_factory, activity, clock, db, "second", group_id)
    late = await enrol(uow_factory, activity, "late", group_id=group_id)  # joined while one seat was left
    await _member(uow_factory, activity, clock, db, "third", group_id)
    group = await store_group(uow_factory(), group_id=group_id)
    assert (group.status, group.paid, group.seats_left, len(group.members)) == ("succeeded", 3, 0, 3)
    await ship_remaining(uow_factory(), order_id=second["id"], data=SHIP_IT)  # the hold is lifted
    await pay(uow_factory, clock, late.body["id"], "late")
    await drain(db)
    refused = await get_order_detail(uow_factory(), order_id=late.body["id"])
    assert (refused.status, refused.refunded_amount) == ("refunded", refused.total) or refused.status == "cancelled"
    async with db.uow(tenant_id=tenant.id) as uow:
        payment = (await uow.s.execute(select(Payment).where(Payment.order_id == late.body["id"]))).scalar_one()
    assert payment.refunded_amount == payment.amount
    assert (await store_group(uow_factory(), group_id=group_id)).paid == 3
    stats = await service.group_buy_stats(uow_factory(), activity_id=activity.activity_id)
    assert (stats.succeeded, stats.members_paid, stats.success_rate) == (1, 3, 1.0)


async def test_failed_group_refunds_every_paid_member_once_even_when_the_provider_fails_twice(
    db, uow_factory, tenant, clock, monkeypatch
) -> None:  # fmt: skip
    activity = await live_activity(uow_factory, tenant, clock, size=4, on_hand=10)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    await _member(uow_factory, activity, clock, db, "second", leader["group_id"])
    unpaid = await enrol(uow_factory, activity, "unpaid", group_id=leader["group_id"])
    failures = {"left": 2}
    real_refund = MockProvider.refund

    async def flaky(self, request):  # type: ignore[no-untyped-def]
        if failures["left"] > 0:
            failures["left"] -= 1
            raise ProviderFailed(provider="mock", reason="timeout")
        return await real_refund(self, request)

    monkeypatch.setattr(MockProvider, "refund", flaky)
    clock.advance(minutes=61)
    assert await close_expired(db) >= 1  # (other tests' shops may have groups due as well)
    assert await close_expired(db) == 0  # decided once
    for _ in range(6):  # the outbox backs off and tries again until the provider confirms
        await drain(db)
        clock.advance(minutes=31)
    async with db.uow(tenant_id=tenant.id) as uow:
        refunds = (
            (await uow.s.execute(select(PaymentRefund).where(PaymentRefund.tenant_id == tenant.id))).scalars().all()
        )
        payments = (await uow.s.execute(select(Payment).where(Payment.tenant_id == tenant.id))).scalars().all()
        row = (await uow.s.execute(select(Stock).where(Stock.variant_id == activity.variant_id))).scalar_one()
    assert failures["left"] == 0
    assert len(refunds) == 2 and {r.status for r in refunds} == {"succeeded"}
    assert all(p.refunded_amount == p.amount for p in payments)
    assert (row.on_hand, row.reserved) == (10, 0)  # every unit back, the unpaid order's hold released
    assert (await get_order_detail(uow_factory(), order_id=unpaid.body["id"])).status == "cancelled"
    assert (await store_group(uow_factory(), group_id=leader["group_id"])).status == "failed"


async def test_virtual_fill_completes_a_group_with_enough_paid_members(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=5, virtual_fill_min=2)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    await _member(uow_factory, activity, clock, db, "second", leader["group_id"])
    clock.advance(minutes=61)
    await close_expired(db)
    group = await store_group(uow_factory(), group_id=leader["group_id"])
    assert (group.status, group.paid, group.seats_left) == ("succeeded", 5, 0)
    await ship_remaining(uow_factory(), order_id=leader["id"], data=SHIP_IT)


async def test_open_groups_closest_to_completion_first_and_one_seat_per_shopper(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    lone = await _member(uow_factory, activity, clock, db, "lone")
    busy = await _member(uow_factory, activity, clock, db, "busy")
    await _member(uow_factory, activity, clock, db, "friend", busy["group_id"])
    again = await enrol(uow_factory, activity, "friend", group_id=busy["group_id"])
    assert again.body["code"] == "already_in_group"
    shown = await store_group_buy(uow_factory(), activity_id=activity.activity_id)
    assert [g.id for g in shown.open_groups] == [busy["group_id"], lone["group_id"]]
    assert shown.open_groups[0].members[0].is_leader


async def test_a_refund_while_open_gives_the_seat_back(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    second = await _member(uow_factory, activity, clock, db, "second", leader["group_id"])
    await cancel_order(uow_factory(), order_id=second["id"], reason="changed my mind")
    await drain(db)
    assert (await store_group(uow_factory(), group_id=leader["group_id"])).paid == 1


async def test_an_order_closed_unpaid_leaves_the_group_and_the_shopper_may_join_again(
    db, uow_factory, tenant, clock
) -> None:  # type: ignore[no-untyped-def]
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    first = await enrol(uow_factory, activity, "slow", group_id=leader["group_id"])
    await cancel_order(uow_factory(Actor(kind="shopper", id="slow")), order_id=first.body["id"])
    await drain(db)
    again = await enrol(uow_factory, activity, "slow", group_id=leader["group_id"])
    assert again.status == 201, again.body


async def test_a_held_pickup_order_is_not_handed_over(db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    activity = await live_activity(uow_factory, tenant, clock, size=2, at_store=True)
    data = GroupJoinIn.model_validate(
        {"variant_id": activity.variant_id, "delivery": {"method": "pickup", "location_id": activity.warehouse_id}}
    )
    shopper = Actor(kind="shopper", id="picker")
    opened = await open_group(
        lambda: uow_factory(shopper), tenant=activity.shop.tenant.tenant, activity_id=activity.activity_id,
        data=data, key="pickup-1", locale="en",
    )  # fmt: skip
    assert opened.status == 201, opened.body
    await pay(uow_factory, clock, opened.body["id"], "picker")
    await drain(db)
    async with db.uow(tenant_id=tenant.id) as uow:
        code = (await uow.s.execute(select(Order.pickup_code).where(Order.id == opened.body["id"]))).scalar_one()
    with pytest.raises(FulfilmentHeld):
        await verify_pickup(uow_factory(), data=PickupVerify(code=code))


async def test_two_sweepers_decide_a_group_once(db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    leader = await _member(uow_factory, activity, clock, db, "leader")
    clock.advance(minutes=61)
    await asyncio.gather(close_expired(db), close_expired(db))
    await drain(db)
    async with db.uow(tenant_id=tenant.id) as uow:
        refunds = (
            (await uow.s.execute(select(PaymentRefund).where(PaymentRefund.tenant_id == tenant.id))).scalars().all()
        )
    assert len(refunds) == 1 and (await store_group(uow_factory(), group_id=leader["group_id"])).status == "failed"


async def test_an_activity_and_a_group_are_shared_and_their_steps_count_for_the_leader(
    db, uow_factory, tenant, clock
) -> None:  # type: ignore[no-untyped-def]
    activity = await live_activity(uow_factory, tenant, clock, size=3)
    leader = await _member(uow_factory, activity, clock, db, "sharer")
    await _member(uow_factory, activity, clock, db, "friend", leader["group_id"])
    async with uow_factory() as uow:
        of_activity = await targets.resolve(uow, "group_buy", activity.activity_id, "zh-CN")
        of_group = await targets.resolve(uow, "group", leader["group_id"], "en")
        opened = await groups_by_leader(uow, "group_buy", activity.activity_id)
        joined = await joins_by_leader(uow, None, None)
        elsewhere = await joins_by_leader(uow, "bargain", None)
    assert of_activity.path == of_group.path == f"/group-buys/{activity.activity_id}"
    assert (of_activity.price, of_activity.badge, of_group.badge) == (5900, "拼团", "Group buy")
    assert (opened, joined, elsewhere) == ({"sharer": 1}, {"sharer": 1}, {})
    await service.move_group_buy(uow_factory(), activity_id=activity.activity_id, action="end")
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await targets.resolve(uow, "group_buy", activity.activity_id, "en")


async def test_the_per_shopper_limit_counts_every_group_of_the_activity(db, uow_factory, tenant, clock) -> None:
    activity = await live_activity(uow_factory, tenant, clock, size=3, per_shopper_limit=2)
    first = await _member(uow_factory, activity, clock, db, "keen")
    await _member(uow_factory, activity, clock, db, "keen")  # a second group of their own: 2 units held
    third = await enrol(uow_factory, activity, "keen")
    assert (third.status, third.body["code"]) == (409, "limit_reached")
    clock.advance(minutes=61)  # the groups fail: their units no longer count
    await close_expired(db)
    await drain(db)
    assert (await enrol(uow_factory, activity, "keen")).status == 201
    assert (await store_group(uow_factory(), group_id=first["group_id"])).status == "failed"
