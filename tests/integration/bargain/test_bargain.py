"""A bargain's life on SQLite and PostgreSQL: helpers cut once each (not the initiator, not twice, not beyond the
floor), the daily help limit, buying at the reached price once (idempotent), buying before the floor only where
the activity allows, the order's payment in the stats, and expiry by the sweeper."""

from __future__ import annotations

from sqlalchemy import select

from shoal.campaigns.bargain import service, service_orders, service_store
from shoal.campaigns.bargain.models import BargainCut, BargainRecord
from shoal.campaigns.bargain.share import cuts_by_initiator
from shoal.campaigns.sharing import targets
from shoal.core.dispatcher import dispatch_pending
from shoal.orders.service import close_if_unpaid
from tests.integration.bargain.conftest import buy, cut, live_bargain, shopper, start


async def _cuts(db, tenant_id: str, record_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        rows = await uow.s.execute(
            select(BargainCut.helper_id).where(BargainCut.tenant_id == tenant_id, BargainCut.record_id == record_id)
        )
        return sorted(rows.scalars())


async def test_helpers_cut_once_each_down_to_the_floor_exactly(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=3, start=1_000, floor=100)
    record_id = await start(uow_factory, activity)
    assert await start(uow_factory, activity) == record_id  # starting again answers the same bargain

    assert await cut(uow_factory, record_id, "initiator") == "own_bargain"
    first = await cut(uow_factory, record_id, "helper-1")
    assert not isinstance(first, str) and first.amount >= 1 and first.price == 1_000 - first.amount
    assert await cut(uow_factory, record_id, "helper-1") == "already_helped"
    assert await _cuts(db, tenant.id, record_id) == ["helper-1"]
    await cut(uow_factory, record_id, "helper-2")
    last = await cut(uow_factory, record_id, "helper-3")
    assert not isinstance(last, str) and (last.price, last.reached_floor) == (100, True)
    assert await cut(uow_factory, record_id, "helper-4") == "bargain_closed"

    seen = await service_store.get_record(shopper(uow_factory, "helper-9"), record_id=record_id)
    assert (seen.price, seen.cut, seen.reached_floor, seen.can_buy) == (100, 3, True, True)
    assert sum(h.amount for h in seen.helpers) == 900 and len(seen.helpers) == 3


async def test_a_helper_helps_at_most_the_daily_limit(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=5, daily_help_limit=2)
    records = [await start(uow_factory, activity, f"initiator-{i}") for i in range(3)]
    assert not isinstance(await cut(uow_factory, records[0], "helper"), str)
    assert not isinstance(await cut(uow_factory, records[1], "helper"), str)
    assert await cut(uow_factory, records[2], "helper") == "daily_help_limit"
    assert await _cuts(db, tenant.id, records[2]) == []  # refused whole: no cut, no slice taken
    assert (await service_store.get_record(uow_factory(), record_id=records[2])).cut == 0


async def test_the_initiator_buys_at_the_floor_once(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=2, start=5_000, floor=990)
    record_id = await start(uow_factory, activity)
    early = await buy(uow_factory, activity, record_id)
    assert (early.status, early.body["code"]) == (409, "floor_not_reached")
    for helper in ("a", "b"):
        await cut(uow_factory, record_id, helper)

    stranger = await buy(uow_factory, activity, record_id, initiator="a")
    assert stranger.status == 404
    ordered = await buy(uow_factory, activity, record_id, key="k-1")
    assert ordered.status == 201, ordered.body
    assert ordered.body["subtotal"] == 990 and ordered.body["lines"][0]["unit_price"] == 990
    replay = await buy(uow_factory, activity, record_id, key="k-1")
    assert (replay.status, replay.body["id"]) == (201, ordered.body["id"])
    twice = await buy(uow_factory, activity, record_id, key="k-2")
    assert (twice.status, twice.body["code"]) == (409, "bargain_closed")

    stats = await service.bargain_stats(uow_factory(), bargain_id=activity.bargain_id)
    assert (stats.started, stats.completed, stats.orders) == (1, 1, 1)


async def test_buying_before_the_floor_where_the_activity_allows(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=5, start=5_000, floor=1_000, buy_before_floor=True)
    record_id = await start(uow_factory, activity)
    first = await cut(uow_factory, record_id, "a")
    assert not isinstance(first, str)
    ordered = await buy(uow_factory, activity, record_id)
    assert ordered.status == 201 and ordered.body["subtotal"] == first.price
    assert await cut(uow_factory, record_id, "b") == "bargain_closed"  # bought: the price stays


async def test_an_unbought_bargain_expires(db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=2, hours=24)
    record_id = await start(uow_factory, activity)
    clock.advance(hours=25)
    assert await cut(uow_factory, record_id, "late") == "bargain_closed"
    assert await service_orders.expire_due(db) >= 1  # this one (and other tests' shops' bargains past their time)
    assert await service_orders.expire_due(db) == 0  # twice is once
    async with db.uow(tenant_id=tenant.id) as uow:
        status = (await uow.s.execute(select(BargainRecord.status).where(BargainRecord.id == record_id))).scalar_one()
    assert (status, await _cuts(db, tenant.id, record_id)) == ("expired", [])
    late = await buy(uow_factory, activity, record_id)
    assert (late.status, late.body["code"]) == (409, "bargain_closed")


async def test_a_new_shopper_s_cut_counts_double(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=3, new_shopper_counts_double=True)
    record_id = await start(uow_factory, activity)
    first = await cut(uow_factory, record_id, "new-1")  # no orders yet: a new shopper, two slices
    second = await cut(uow_factory, record_id, "new-2")  # one slice left: takes it, the floor exactly
    assert not isinstance(first, str) and not isinstance(second, str)
    assert (second.price, second.reached_floor) == (100, True)
    assert (await service_store.get_record(uow_factory(), record_id=record_id)).cut == 3


async def test_a_bargain_is_shared_and_its_cuts_count_for_its_initiator(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=3, start=1_000, floor=100)
    record_id = await start(uow_factory, activity, "sharer")
    await cut(uow_factory, record_id, "friend-1")
    await cut(uow_factory, record_id, "friend-2")
    async with uow_factory() as uow:
        target = await targets.resolve(uow, "bargain", record_id, "zh-CN")
        counted = await cuts_by_initiator(uow, "bargain", activity.bargain_id)
        elsewhere = await cuts_by_initiator(uow, "group_buy", None)
    assert (target.path, target.campaign_type, target.campaign_id) == (
        f"/bargain-records/{record_id}",
        "bargain",
        activity.bargain_id,
    )
    assert target.price is not None and 100 < target.price < 1_000 and target.badge == "帮我砍一刀"
    assert (counted, elsewhere) == ({"sharer": 2}, {})


async def test_an_order_closed_unpaid_lets_the_initiator_buy_again(db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=1, start=2_000, floor=500, payment_minutes=10)
    record_id = await start(uow_factory, activity)
    await cut(uow_factory, record_id, "friend")
    first = await buy(uow_factory, activity, record_id)
    assert first.status == 201
    clock.advance(minutes=11)
    async with db.uow(tenant_id=tenant.id) as uow:
        assert await close_if_unpaid(uow, order_id=first.body["id"]) == "closed now"
        await uow.commit()
    await dispatch_pending(db)  # OrderStatusChanged reaches the bargain (the scheduler is off in tests)

    again = await buy(uow_factory, activity, record_id)
    assert again.status == 201 and again.body["id"] != first.body["id"] and again.body["subtotal"] == 500
