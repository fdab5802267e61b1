"""Bargains over HTTP: staff create, publish, list, read, end and count an activity; a shopper starts a bargain,
friends cut it (once each, not the initiator), the initiator buys at the floor with an ``Idempotency-Key`` and
pays; another shop answers 404 on every path, and refusals are problem+json in zh-CN and en."""

from __future__ import annotations

import uuid

from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, add_product, make_shop, stock

PROBLEM = "application/problem+json"
ADMIN = "/api/v1/admin/bargains"


async def _activity(client, uow_factory, tenant, staff, *, helpers: int = 2) -> str:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    variant = await add_product(uow_factory, "KAN", price=5000)
    await stock(uow_factory, variant, shop.warehouse.id, 5)
    created = await client.post(
        ADMIN,
        json={"name": "砍到 9.9", "variant_id": variant, "location_id": shop.warehouse.id, "start_price": 5000,
              "floor_price": 990, "helpers_needed": helpers},
        headers=staff,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "draft"
    return created.json()["id"]


def _checkout(client, record_id: str, headers: dict[str, str], key: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/store/bargain-records/{record_id}/checkout",
        json={"delivery": {"method": "ship", "address": ADDRESS}}, headers={**headers, "Idempotency-Key": key},
    )  # fmt: skip


async def test_start_cut_buy_pay_and_count(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    bargain_id = await _activity(client, uow_factory, tenant, staff)
    bad = await client.post(ADMIN, json={"name": "x", "surprise": 1}, headers=staff)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(PROBLEM)
    assert (await client.post(f"{ADMIN}/{bargain_id}/publish", headers=staff)).json()["status"] == "published"
    again = await client.post(f"{ADMIN}/{bargain_id}/publish", headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    assert [b["id"] for b in (await client.get(ADMIN, headers=staff)).json()] == [bargain_id]
    shown = await client.get(f"/api/v1/store/bargains/{bargain_id}", headers={"X-Shoal-Tenant": tenant.slug})
    assert shown.status_code == 200 and shown.json()["live"] is True

    me = await shopper_headers(client, tenant.slug, "me@example.com")
    started = await client.post(f"/api/v1/store/bargains/{bargain_id}/start", headers=me)
    assert started.status_code == 201, started.text
    record = started.json()
    assert (record["price"], record["status"], record["can_buy"]) == (5000, "bargaining", False)
    cuts = f"/api/v1/store/bargain-records/{record['id']}/cuts"
    own = await client.post(cuts, headers={**me, "Accept-Language": "zh-CN"})
    assert own.status_code == 409 and own.json()["code"] == "own_bargain" and "不能给自己砍价" in own.json()["detail"]

    for email in ("a@example.com", "b@example.com"):
        friend = await shopper_headers(client, tenant.slug, email)
        answer = await client.post(cuts, headers=friend)
        assert answer.status_code == 201 and answer.json()["amount"] >= 1, answer.text
    twice = await client.post(cuts, headers=friend)
    assert twice.status_code == 409 and twice.json()["code"] in ("already_helped", "bargain_closed")
    now = (await client.get(f"/api/v1/store/bargain-records/{record['id']}", headers=me)).json()
    assert (now["price"], now["reached_floor"], now["can_buy"], len(now["helpers"])) == (990, True, True, 2)

    key = str(uuid.uuid4())
    ordered = await _checkout(client, record["id"], me, key)
    assert ordered.status_code == 201, ordered.text
    assert (await _checkout(client, record["id"], me, key)).json()["id"] == ordered.json()["id"]
    second = await _checkout(client, record["id"], me, str(uuid.uuid4()))
    assert second.status_code == 409 and second.json()["code"] == "bargain_closed"
    order = ordered.json()
    assert order["subtotal"] == 990

    pay = f"/api/v1/store/orders/{order['id']}/payments"
    started_pay = await client.post(pay, json={"provider": "mock"}, headers=me)
    assert started_pay.status_code == 201, started_pay.text
    paid = await client.post(f"/api/v1/payments/mock/{started_pay.json()['id']}/succeed", headers=staff)
    assert paid.status_code == 200, paid.text
    await dispatch_pending(db)
    stats = (await client.get(f"{ADMIN}/{bargain_id}/stats", headers=staff)).json()
    assert (stats["started"], stats["completed"], stats["orders"], stats["gmv"]) == (1, 1, 1, order["total"])
    ended = await client.post(f"{ADMIN}/{bargain_id}/end", headers=staff)
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    late = await client.post(f"/api/v1/store/bargains/{bargain_id}/start", headers=friend)
    assert late.status_code == 409 and late.json()["code"] == "bargain_not_live"


async def test_another_shop_s_bargain_is_not_found(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    bargain_id = await _activity(client, uow_factory, tenant, staff)
    assert (await client.post(f"{ADMIN}/{bargain_id}/publish", headers=staff)).status_code == 200
    me = await shopper_headers(client, tenant.slug, "me@example.com")
    record_id = (await client.post(f"/api/v1/store/bargains/{bargain_id}/start", headers=me)).json()["id"]

    other = await new_tenant(db)
    their_staff = await staff_headers(client, other)
    for method, path in (
        ("GET", f"{ADMIN}/{bargain_id}"),
        ("GET", f"{ADMIN}/{bargain_id}/stats"),
        ("POST", f"{ADMIN}/{bargain_id}/publish"),
        ("POST", f"{ADMIN}/{bargain_id}/end"),
    ):
        answer = await client.request(method, path, headers=their_staff)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
    theirs = await shopper_headers(client, other.slug, "elsewhere@example.com")
    for method, path in (
        ("GET", f"/api/v1/store/bargains/{bargain_id}"),
        ("POST", f"/api/v1/store/bargains/{bargain_id}/start"),
        ("GET", f"/api/v1/store/bargain-records/{record_id}"),
        ("POST", f"/api/v1/store/bargain-records/{record_id}/cuts"),
    ):
        answer = await client.request(method, path, headers=theirs)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith(PROBLEM), path
    bought = await _checkout(client, record_id, theirs, str(uuid.uuid4()))
    assert bought.status_code == 404
    assert (await client.get(ADMIN, headers=their_staff)).json() == []
