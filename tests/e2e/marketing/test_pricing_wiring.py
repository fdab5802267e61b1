"""What checkout tells the engine, seen through the cart pricing API: who the shopper is (first order, member
level), the cart's channel, the shipping threshold judged after discounts, coupons checkout would refuse, and
a search cut short."""

from __future__ import annotations

import uuid

from shoal.checkout import service as carts
from shoal.core.actors import Actor
from shoal.customers import hooks
from shoal.marketing.engine import stacking
from tests.conftest import staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.e2e.checkout.test_checkout_api import cart_with, ship
from tests.e2e.marketing.test_marketing_api import publish


def amount_off(value: int, threshold: int = 0, **condition) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {
        "name": {"zh-CN": f"满{threshold // 100}减{value // 100}", "en": "off"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": threshold, "value": value}]},
        "condition": condition,
    }


def priced(client, cart_id: str, headers: dict, **params):  # type: ignore[no-untyped-def, type-arg]
    return client.get(f"/api/v1/store/carts/{cart_id}/pricing", params=params, headers=headers)


async def checkout(client, cart_id: str, headers: dict, **extra):  # type: ignore[no-untyped-def, type-arg]
    key = {"Idempotency-Key": str(uuid.uuid4())}
    return await client.post("/api/v1/store/checkout", json=ship(cart_id, **extra), headers={**headers, **key})


async def test_a_first_order_offer_applies_until_the_shopper_has_an_order(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    await publish(client, staff, "promotions", amount_off(300, new_customers_only=True))
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 700
    assert (await checkout(client, cart_id, front.shopper, expected_total=700)).status_code == 201
    again = await cart_with(client, front.shopper, front.shop.variants[0])
    rules = (await priced(client, again, front.shopper)).json()["rules"]
    assert [(r["applied"], r["reason"]) for r in rules] == [(False, "new_customers_only")]


async def test_a_member_level_offer_reads_the_level_from_the_registered_source(
    client, front, tenant, monkeypatch
) -> None:
    staff = await staff_headers(client, tenant)
    await publish(client, staff, "promotions", amount_off(300, member_levels=["gold"]))
    monkeypatch.setattr(hooks, "_member_level_sources", list(hooks._member_level_sources))

    @hooks.member_level_source
    async def loyalty(uow, customer_id: str) -> str | None:  # type: ignore[no-untyped-def]
        return "gold"

    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 700
    anonymous = await cart_with(client, front.anonymous, front.shop.variants[0])
    assert (await priced(client, anonymous, front.anonymous)).json()["total"] == 1000


async def test_a_store_cart_prices_store_offers_and_only_staff_start_one(client, front, tenant, uow_factory) -> None:
    staff = await staff_headers(client, tenant)
    await publish(client, staff, "promotions", amount_off(300, channels=["store"]))
    online = await cart_with(client, front.anonymous, front.shop.variants[0])
    assert (await priced(client, online, front.anonymous)).json()["total"] == 1000
    till = Actor(kind="staff", id="clerk", permissions=frozenset({"orders.manage"}))
    cart = await carts.create_cart(uow_factory(till), tenant=tenant.tenant, locale="en", channel="store")
    assert cart.channel == "store"
    url = f"/api/v1/store/carts/{cart.id}"
    added = await client.post(url + "/lines", json={"variant_id": front.shop.variants[0]}, headers=front.anonymous)
    assert added.status_code == 200 and added.json()["total"] == 700
    assert (await priced(client, cart.id, front.anonymous)).json()["total"] == 700
    create = "/api/v1/store/carts"
    refused = await client.post(create, json={"channel": "store"}, headers=front.shopper)
    assert refused.status_code == 403
    unknown = await client.post(create, json={"channel": "moon"}, headers=front.anonymous)
    assert unknown.status_code == 422
    plain = await client.post(create, json={"channel": "online"}, headers=front.anonymous)
    assert plain.status_code == 201 and plain.json()["channel"] == "online"


async def test_a_shipping_templates_free_over_is_judged_after_discounts(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    template = {"name": "快递", "mode": "per_piece", "first_units": 1, "first_fee": 100, "free_over": 1000}
    assert (await client.post("/api/v1/admin/shipping-templates", json=template, headers=staff)).status_code == 201
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])  # ¥10, free over ¥10
    plain = await checkout(client, cart_id, front.shopper)
    assert (plain.json()["shipping_fee"], plain.json()["total"]) == (0, 1000)
    await publish(client, staff, "promotions", amount_off(200, 1000))  # 满10减2: the goods now cost ¥8
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    order = await checkout(client, cart_id, front.shopper)
    assert (order.json()["shipping_fee"], order.json()["total"]) == (100, 900)  # ¥8 is below the ¥10 threshold


async def test_a_coupon_checkout_would_refuse_is_not_priced_in(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    coupon = {**amount_off(100), "max_uses": 1, "total_quantity": 5}
    template = await publish(client, staff, "coupons", coupon)
    other = await shopper_headers(client, tenant.slug, "second@example.com")
    for headers in (front.shopper, other):
        assert (await client.post(f"/api/v1/store/coupons/{template}/claim", headers=headers)).status_code == 201
    first = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await checkout(client, first, front.shopper, expected_total=900)).status_code == 201

    cart_id = await cart_with(client, other, front.shop.variants[0])
    best = (await priced(client, cart_id, other)).json()
    assert best["total"] == 1000 and best["rules"] == []  # the template's one use is taken
    mine = (await client.get("/api/v1/store/coupons", headers=other)).json()["mine"][0]["id"]
    named = await priced(client, cart_id, other, coupon_ids=mine)
    assert named.status_code == 409 and named.json()["code"] == "coupon_exhausted"
    assert (await checkout(client, cart_id, other, coupon_ids=[mine])).json()["code"] == "coupon_exhausted"
    placed = await checkout(client, cart_id, other, expected_total=1000)
    assert placed.status_code == 201, placed.text


async def test_the_shoppers_own_use_limit_is_priced_as_checkout_counts_it(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", {**amount_off(100), "per_customer_claims": 2})
    for _ in range(2):
        assert (await client.post(f"/api/v1/store/coupons/{template}/claim", headers=front.shopper)).status_code == 201
    first = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await checkout(client, first, front.shopper, expected_total=900)).status_code == 201
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    assert (await priced(client, cart_id, front.shopper)).json()["total"] == 1000
    spare = [c["id"] for c in (await client.get("/api/v1/store/coupons", headers=front.shopper)).json()["mine"]
             if c["status"] == "available"]  # fmt: skip
    named = await priced(client, cart_id, front.shopper, coupon_ids=spare[0])
    assert named.status_code == 409 and named.json()["code"] == "coupon_limit_reached"


async def test_a_search_cut_short_is_reported_to_the_shopper_and_in_the_simulator(
    client, front, tenant, monkeypatch
) -> None:
    monkeypatch.setattr(stacking, "MAX_PLANS", 2)
    monkeypatch.setattr(stacking, "MAX_SCALE", 1)
    staff = await staff_headers(client, tenant)
    rules = [
        {**amount_off(100 + n), "mode": "best_of", "group_key": f"g{n // 2}"}  # two groups of two: 4 plans > 2
        for n in range(4)
    ]
    for rule in rules:
        await publish(client, staff, "promotions", rule)
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    search = (await priced(client, cart_id, {**front.shopper, "Accept-Language": "zh-CN"})).json()["search"]
    assert search["capped"] and "可能不是最优惠" in search["message"]
    body = {"lines": [{"variant_id": front.shop.variants[0], "quantity": 1}], "promotions": rules}
    simulated = (await client.post("/api/v1/admin/promotions/simulate", json=body, headers=staff)).json()
    assert simulated["search_capped"] and simulated["combinations_evaluated"] > 0
    monkeypatch.setattr(stacking, "MAX_PLANS", 64)
    search = (await priced(client, cart_id, front.shopper)).json()["search"]
    assert not search["capped"] and search["message"] is None
