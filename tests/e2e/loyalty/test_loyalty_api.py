"""The loyalty API at its pinned paths: levels, a member's points with staff adjustments, the shopper's
membership, points and check-in, and the level reaching the pricing engine (member-level offers apply)."""

from __future__ import annotations

import uuid

from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.e2e.checkout.test_checkout_api import cart_with
from tests.e2e.marketing.test_marketing_api import publish
from tests.e2e.marketing.test_pricing_wiring import amount_off, priced
from tests.integration.checkout.conftest import ADDRESS

LEVELS = "/api/v1/admin/member-levels"


async def test_levels_points_and_check_in_over_http_and_the_level_prices_the_cart(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    v1 = {"code": "V1", "name": "普通会员", "threshold": 0}
    assert (await client.post(LEVELS, json=v1, headers=staff)).status_code == 201
    v2 = {"code": "V2", "name": "黄金会员", "threshold": 1, "points_multiplier": 150, "free_shipping": True}
    created = await client.post(LEVELS, json=v2, headers=staff)
    assert created.status_code == 201, created.text
    assert (await client.post(LEVELS, json={**v2, "threshold": 5}, headers=staff)).json()["code"] == (
        "member_level_taken"
    )
    assert (await client.post(LEVELS, json={**v1, "colour": "gold"}, headers=staff)).status_code == 422
    renamed = await client.patch(f"{LEVELS}/{created.json()['id']}", json={"name": "金卡"}, headers=staff)
    assert renamed.json()["name"] == "金卡" and renamed.json()["code"] == "V2"

    await publish(client, staff, "promotions", amount_off(300, member_levels=["V2"]))
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 1000  # V1: no member offer

    checked = await client.post("/api/v1/store/me/check-ins", headers=front.shopper)
    assert checked.status_code == 201 and checked.json()["streak"] == 1
    again = await client.post("/api/v1/store/me/check-ins", headers=front.shopper)
    assert (again.status_code, again.json()["code"]) == (409, "already_checked_in")
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    assert (me["level"]["code"], me["growth"], me["points"], me["checked_in_today"]) == ("V2", 1, 5, True)
    assert me["level"]["free_shipping"] and me["next_level"] is None
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 700  # V2 now: the member offer

    points = f"/api/v1/admin/customers/{me['customer_id']}/points"
    granted = await client.post(points, json={"points": 95, "reason": "生日礼"}, headers=staff)
    assert granted.status_code == 201 and granted.json()["balance"] == 100
    refused = await client.post(points, json={"points": -101, "reason": "误发"}, headers=staff)
    assert (refused.status_code, refused.json()["code"]) == (409, "insufficient_points")
    assert "积分不足" in (await client.post(points, json={"points": -101, "reason": "误发"},
                                          headers={**staff, "Accept-Language": "zh-CN"})).json()["title"]  # fmt: skip
    assert (await client.post(points, json={"points": 1}, headers=staff)).status_code == 422
    mine = (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()
    assert mine["balance"] == 100 and [e["reason"] for e in mine["entries"]] == ["adjust", "checkin"]
    assert (await client.get(points, headers=staff)).json() == mine

    other = await new_tenant(db)
    stranger = await staff_headers(client, other)
    assert (await client.get(points, headers=stranger)).status_code == 404
    assert (await client.post(points, json={"points": 5, "reason": "x"}, headers=stranger)).status_code == 404
    outsider = await shopper_headers(client, other.slug, "someone@example.com")
    assert (await client.get("/api/v1/store/me/points", headers=outsider)).json()["balance"] == 0


async def test_a_levels_member_prices_over_http(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    level = (await client.post(LEVELS, json={"code": "V2", "name": "黄金会员", "threshold": 0}, headers=staff)).json()
    prices = f"{LEVELS}/{level['id']}/prices"
    body = {"prices": [{"variant_id": front.shop.variants[0], "price": 800}]}
    assert (await client.put(prices, json={**body, "note": "x"}, headers=staff)).status_code == 422
    unknown = await client.put(prices, json={"prices": [{"variant_id": "nope", "price": 1}]}, headers=staff)
    assert unknown.status_code == 404 and (await client.get(prices, headers=staff)).json() == []
    assert (await client.put(prices, json=body, headers=staff)).json() == body["prices"]
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 800  # a V2 (from 0) pays it
    stranger = await staff_headers(client, await new_tenant(db))
    assert (await client.get(prices, headers=stranger)).status_code == 404


async def test_terms_are_replaced_whole(client, tenant) -> None:
    staff = await staff_headers(client, tenant)
    terms = "/api/v1/admin/loyalty/terms"
    assert (await client.get(terms, headers=staff)).json()["expiry"] == "rolling"
    saved = await client.put(terms, json={"checkin_points": 10, "expiry": "year_end"}, headers=staff)
    assert saved.status_code == 200 and saved.json()["checkin_points"] == 10
    assert (await client.get(terms, headers=staff)).json()["expiry"] == "year_end"
    assert (await client.put(terms, json={"expiry": "weekly"}, headers=staff)).status_code == 422


async def test_merge_over_http_refuses_strangers_and_unknown_fields(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    second = await shopper_headers(client, tenant.slug, "second@example.com")
    ids = [(await client.get("/api/v1/store/me/membership", headers=h)).json()["customer_id"]
           for h in (front.shopper, second)]  # fmt: skip
    merge = "/api/v1/admin/customers/merge"
    body = {"survivor_id": ids[0], "merged_id": ids[1]}
    stranger = await staff_headers(client, await new_tenant(db))
    assert (await client.post(merge, json=body, headers=stranger)).status_code == 404
    assert (await client.post(merge, json={**body, "note": "x"}, headers=staff)).status_code == 422
    merged = await client.post(merge, json=body, headers=staff)
    assert merged.status_code == 200 and merged.json()["merged_id"] == ids[1], merged.text
    again = await client.post(merge, json=body, headers=staff)
    assert (again.status_code, again.json()["code"]) == (409, "invalid_state")
    assert (await client.get("/api/v1/store/me/membership", headers=second)).status_code == 401


async def test_points_mall_over_http_and_a_withdrawn_item(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    coupon = {"name": {"zh-CN": "10元券", "en": "¥10 off"}, "benefit": {"kind": "amount_off",
              "tiers": [{"threshold": 0, "value": 1000}]}}  # fmt: skip
    template_id = await publish(client, staff, "coupons", coupon)
    items = "/api/v1/admin/points-mall/items"
    unknown = await client.post(items, json={"name": "x", "coupon_template_id": "nope", "points": 1, "stock": 1},
                                headers=staff)  # fmt: skip
    assert unknown.status_code == 404
    item = await client.post(items, json={"name": "10元券", "coupon_template_id": template_id, "points": 5,
                                          "stock": 3}, headers=staff)  # fmt: skip
    assert item.status_code == 201, item.text
    assert [i["id"] for i in (await client.get("/api/v1/store/points-mall", headers=front.shopper)).json()] == [
        item.json()["id"]
    ]
    await client.post("/api/v1/store/me/check-ins", headers=front.shopper)  # 5 points
    url = f"/api/v1/store/points-mall/{item.json()['id']}/exchange"
    done = await client.post(url, headers={**front.shopper, "Idempotency-Key": str(uuid.uuid4())})
    assert done.status_code == 201, done.text
    again = await client.post(url, headers={**front.shopper, "Idempotency-Key": str(uuid.uuid4())})
    assert (again.status_code, again.json()["code"]) == (409, "limit_reached")
    assert (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()["balance"] == 0
    admin_item = f"{items}/{item.json()['id']}"
    assert (await client.patch(admin_item, json={"stock": 5, "kind": "x"}, headers=staff)).status_code == 422
    cash = await client.patch(admin_item, json={"cash": 100}, headers=staff)  # a coupon is for points only
    assert (cash.status_code, cash.json()["errors"][0]["field"]) == (422, "cash")
    changed = await client.patch(admin_item, json={"per_shopper_limit": 2, "active": False}, headers=staff)
    assert changed.status_code == 200 and changed.json()["active"] is False, changed.text
    assert (await client.get("/api/v1/store/points-mall", headers=front.shopper)).json() == []
    withdrawn = await client.post(url, headers={**front.shopper, "Idempotency-Key": str(uuid.uuid4())})
    assert (withdrawn.status_code, withdrawn.json()["code"]) == (409, "mall_item_unavailable")
    mine = (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()
    assert any(entry["reason"] == "mall" for entry in mine["entries"])  # the exchange made stands


async def test_a_points_mall_sku_is_ordered_over_http(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    sku = {"name": "茶杯", "variant_id": front.shop.variants[0], "location_id": front.shop.warehouse.id,
           "points": 200, "cash": 500, "stock": 2}  # fmt: skip
    both = await client.post("/api/v1/admin/points-mall/items", json=sku | {"coupon_template_id": "x"}, headers=staff)
    assert both.status_code == 422
    item = await client.post("/api/v1/admin/points-mall/items", json=sku, headers=staff)
    assert item.status_code == 201 and item.json()["cash"] == 500, item.text
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    await client.post(f"/api/v1/admin/customers/{me['customer_id']}/points", json={"points": 300, "reason": "活动"},
                      headers=staff)  # fmt: skip
    url = f"/api/v1/store/points-mall/{item.json()['id']}/exchange"
    body = {"delivery": {"method": "ship", "address": ADDRESS}}
    done = await client.post(url, json=body, headers={**front.shopper, "Idempotency-Key": str(uuid.uuid4())})
    assert done.status_code == 201 and done.json()["status"] == "ordered", done.text
    order = await client.get(f"/api/v1/store/orders/{done.json()['order_id']}", headers=front.shopper)
    assert order.status_code == 200 and order.json()["subtotal"] == 500
    assert (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()["balance"] == 100
