"""Group-buys over HTTP: every pinned path (create, read, update while a draft, publish, end, stats; the store's
list, activity, open, join and group), idempotent opening, paying with the mock, a held order refused shipping
with 409 ``fulfilment_held``, and another shop's activity and group answering 404."""

from __future__ import annotations

import uuid
from datetime import timedelta

from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, add_product, make_shop, stock

ADMIN = "/api/v1/admin/group-buys"


async def _activity(client, db, uow_factory, tenant, staff) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    variant = await add_product(uow_factory, "GB", price=9900)
    await stock(uow_factory, variant, shop.warehouse.id, 20)
    now = db.clock.now()
    body = {
        "name": "二人团", "location_id": shop.warehouse.id, "starts_at": (now - timedelta(minutes=1)).isoformat(),
        "ends_at": (now + timedelta(days=1)).isoformat(), "group_size": 2, "group_minutes": 60,
        "items": [{"variant_id": variant, "group_price": 5900}],
    }  # fmt: skip
    created = await client.post(ADMIN, json=body, headers=staff)
    assert created.status_code == 201, created.text
    activity_id = created.json()["id"]
    patch = {"name": "两人团", "virtual_fill_min": 1}
    updated = await client.patch(f"{ADMIN}/{activity_id}", json=patch, headers=staff)
    assert updated.status_code == 200 and updated.json()["name"] == "两人团", updated.text
    invalid = await client.patch(f"{ADMIN}/{activity_id}", json={"virtual_fill_min": 2}, headers=staff)
    assert invalid.status_code == 422 and invalid.json()["code"] == "group_buy_invalid"
    assert (await client.post(f"{ADMIN}/{activity_id}/publish", headers=staff)).status_code == 200
    again = await client.patch(f"{ADMIN}/{activity_id}", json={"name": "late"}, headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    return activity_id, variant


def _enrol(client, path: str, variant_id: str, headers: dict[str, str], key: str | None = None):  # type: ignore[no-untyped-def]
    body = {"variant_id": variant_id, "quantity": 1, "delivery": {"method": "ship", "address": ADDRESS}}
    return client.post(path, json=body, headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


async def _pay(client, db, order_id: str, shopper, staff) -> None:  # type: ignore[no-untyped-def]
    started = await client.post(f"/api/v1/store/orders/{order_id}/payments", json={"provider": "mock"}, headers=shopper)
    assert started.status_code == 201, started.text
    assert (
        await client.post(f"/api/v1/payments/mock/{started.json()['id']}/succeed", headers=staff)
    ).status_code == 200
    while await dispatch_pending(db):
        pass


async def test_open_join_pay_and_succeed_over_http(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    activity_id, variant = await _activity(client, db, uow_factory, tenant, staff)
    shop = {"X-Shoal-Tenant": tenant.slug}
    listed = await client.get("/api/v1/store/group-buys", headers=shop)
    assert [a["id"] for a in listed.json()] == [activity_id]
    leader = await shopper_headers(client, tenant.slug, "leader@example.com")
    key = str(uuid.uuid4())
    opened = await _enrol(client, f"/api/v1/store/group-buys/{activity_id}/groups", variant, leader, key)
    assert opened.status_code == 201, opened.text
    replay = await _enrol(client, f"/api/v1/store/group-buys/{activity_id}/groups", variant, leader, key)
    assert replay.json()["id"] == opened.json()["id"]
    group_id = opened.json()["group_id"]
    await _pay(client, db, opened.json()["id"], leader, staff)
    order = (await client.get(f"/api/v1/admin/orders/{opened.json()['id']}", headers=staff)).json()
    parcel = {"carrier": "sf", "tracking_number": "SF1", "lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]}
    shipped = await client.post(
        f"/api/v1/admin/orders/{opened.json()['id']}/shipments", json=parcel,
        headers={**staff, "Accept-Language": "zh-CN"},
    )  # fmt: skip
    assert shipped.status_code == 409 and shipped.json()["code"] == "fulfilment_held", shipped.text
    assert "拼团" in shipped.json()["detail"]
    shown = (await client.get(f"/api/v1/store/group-buys/{activity_id}", headers=shop)).json()
    assert [g["id"] for g in shown["open_groups"]] == [group_id]
    friend = await shopper_headers(client, tenant.slug, "friend@example.com")
    joined = await _enrol(client, f"/api/v1/store/groups/{group_id}/join", variant, friend)
    assert joined.status_code == 201, joined.text
    await _pay(client, db, joined.json()["id"], friend, staff)
    group = (await client.get(f"/api/v1/store/groups/{group_id}", headers=shop)).json()
    assert (group["status"], group["paid"]) == ("succeeded", 2)
    late = await shopper_headers(client, tenant.slug, "late@example.com")
    full = await _enrol(client, f"/api/v1/store/groups/{group_id}/join", variant, late)
    assert full.status_code == 409 and full.json()["code"] == "group_full"
    mine = (await client.get("/api/v1/store/groups/mine", headers=friend)).json()
    assert mine[0]["group"]["id"] == group_id and mine[0]["member_status"] == "paid"
    stats = (await client.get(f"{ADMIN}/{activity_id}/stats", headers=staff)).json()
    assert (stats["succeeded"], stats["success_rate"], stats["gmv"] > 0) == (1, 1.0, True)
    ended = await client.post(f"{ADMIN}/{activity_id}/end", headers=staff)
    assert ended.status_code == 200 and ended.json()["status"] == "ended"


async def test_another_shop_s_activity_and_group_are_not_found(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    activity_id, variant = await _activity(client, db, uow_factory, tenant, staff)
    leader = await shopper_headers(client, tenant.slug, "leader@example.com")
    opened = await _enrol(client, f"/api/v1/store/group-buys/{activity_id}/groups", variant, leader)
    group_id = opened.json()["group_id"]
    other = await new_tenant(db)
    their_staff = await staff_headers(client, other)
    for method, path in (("GET", f"{ADMIN}/{activity_id}"), ("GET", f"{ADMIN}/{activity_id}/stats"),
                         ("POST", f"{ADMIN}/{activity_id}/end")):  # fmt: skip
        answer = await client.request(method, path, headers=their_staff)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
    theirs = await shopper_headers(client, other.slug, "elsewhere@example.com")
    assert (await _enrol(client, f"/api/v1/store/groups/{group_id}/join", variant, theirs)).status_code == 404
    shown = await client.get(f"/api/v1/store/groups/{group_id}", headers={"X-Shoal-Tenant": other.slug})
    assert shown.status_code == 404
