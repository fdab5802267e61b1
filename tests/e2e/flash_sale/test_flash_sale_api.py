"""Flash sales over HTTP: staff create and publish a session, shoppers see it and buy (one order each, with an
``Idempotency-Key``), the last unit and the per-shopper limit answer 409 problem+json with their codes, the order
is paid with the mock (staff play the provider) and the stats count it; another shop's session is 404."""

from __future__ import annotations

import uuid
from datetime import timedelta

from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, add_product, make_shop, stock

PROBLEM = "application/problem+json"


async def _session(client, db, uow_factory, tenant, staff, *, units: int, limit: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "HOT", price=9900)
    await stock(uow_factory, hot, shop.warehouse.id, units + 5)
    now = db.clock.now()
    created = await client.post(
        "/api/v1/admin/flash-sales",
        json={
            "name": "10:00 场", "location_id": shop.warehouse.id, "starts_at": (now - timedelta(minutes=1)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(), "payment_minutes": 5,
            "items": [{"variant_id": hot, "flash_price": 990, "quantity": units, "per_shopper_limit": limit}],
        },
        headers=staff,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "draft"
    return created.json()["id"], hot


def _buy(client, sale_id: str, variant_id: str, headers: dict[str, str], *, key: str | None = None, quantity: int = 1):  # type: ignore[no-untyped-def]
    body = {"variant_id": variant_id, "quantity": quantity, "delivery": {"method": "ship", "address": ADDRESS}}
    return client.post(
        f"/api/v1/store/flash-sales/{sale_id}/orders", json=body,
        headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())},
    )  # fmt: skip


async def test_create_publish_buy_refuse_pay_and_count(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _session(client, db, uow_factory, tenant, staff, units=2, limit=1)
    published = await client.post(f"/api/v1/admin/flash-sales/{sale_id}/publish", headers=staff)
    assert published.status_code == 200 and published.json()["status"] == "published"

    listed = await client.get("/api/v1/store/flash-sales", headers={"X-Shoal-Tenant": tenant.slug})
    assert listed.status_code == 200
    [session] = listed.json()["sessions"]
    assert (session["state"], session["items"][0]["flash_price"], session["items"][0]["price"]) == ("live", 990, 9900)
    assert (session["items"][0]["left"], session["items"][0]["sold_out"]) == (2, False)

    first = await shopper_headers(client, tenant.slug, "first@example.com")
    key = str(uuid.uuid4())
    ordered = await _buy(client, sale_id, hot, first, key=key)
    assert ordered.status_code == 201, ordered.text
    order = ordered.json()
    assert order["total"] == 990 and order["status"] == "pending_payment"
    replay = await _buy(client, sale_id, hot, first, key=key)
    assert (replay.status_code, replay.json()["id"]) == (201, order["id"])

    again = await _buy(client, sale_id, hot, first)
    assert again.status_code == 409 and again.headers["content-type"].startswith(PROBLEM)
    assert again.json()["code"] == "limit_reached"

    second = await shopper_headers(client, tenant.slug, "second@example.com")
    assert (await _buy(client, sale_id, hot, second)).status_code == 201
    third = await shopper_headers(client, tenant.slug, "third@example.com")
    sold = await _buy(client, sale_id, hot, {**third, "Accept-Language": "zh-CN"})
    assert sold.status_code == 409 and sold.headers["content-type"].startswith(PROBLEM)
    assert sold.json()["code"] == "sold_out" and "已抢光" in sold.json()["detail"]

    pay = f"/api/v1/store/orders/{order['id']}/payments"
    started = await client.post(pay, json={"provider": "mock"}, headers=first)
    assert started.status_code == 201, started.text
    paid = await client.post(f"/api/v1/payments/mock/{started.json()['id']}/succeed", headers=staff)
    assert paid.status_code == 200, paid.text
    await dispatch_pending(db)  # OrderPaid reaches the sale's admission (the scheduler is off in tests)

    stats = (await client.get(f"/api/v1/admin/flash-sales/{sale_id}/stats", headers=staff)).json()
    assert stats["orders"] == 2
    [line] = stats["items"]
    assert (line["paid"], line["awaiting_payment"], line["left"]) == (1, 1, 0)


async def test_another_shop_s_session_is_not_found(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    sale_id, hot = await _session(client, db, uow_factory, tenant, staff, units=3, limit=1)
    assert (await client.post(f"/api/v1/admin/flash-sales/{sale_id}/publish", headers=staff)).status_code == 200
    other = await new_tenant(db)
    their_staff = await staff_headers(client, other)
    for method, path in (
        ("GET", f"/api/v1/admin/flash-sales/{sale_id}"),
        ("GET", f"/api/v1/admin/flash-sales/{sale_id}/stats"),
        ("POST", f"/api/v1/admin/flash-sales/{sale_id}/end"),
    ):
        answer = await client.request(method, path, headers=their_staff)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", path
    theirs = await shopper_headers(client, other.slug, "elsewhere@example.com")
    bought = await _buy(client, sale_id, hot, theirs)
    assert bought.status_code == 404 and bought.headers["content-type"].startswith(PROBLEM)
    listed = await client.get("/api/v1/store/flash-sales", headers={"X-Shoal-Tenant": other.slug})
    assert listed.json()["sessions"] == []
    mine = (await client.get(f"/api/v1/admin/flash-sales/{sale_id}", headers=staff)).json()
    assert mine["status"] == "published"
