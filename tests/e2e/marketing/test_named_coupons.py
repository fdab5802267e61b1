"""A coupon the shopper names (``coupon_ids``) is theirs and usable, or the request is refused: never silently
left out. Cart pricing and checkout answer alike, and a refused checkout writes nothing."""

from __future__ import annotations

from shoal.marketing.service_coupons import claim_coupon
from tests.conftest import new_tenant, staff_actor, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.e2e.checkout.test_checkout_api import cart_with
from tests.e2e.marketing.test_marketing_api import publish
from tests.e2e.marketing.test_pricing_wiring import amount_off, checkout, priced
from tests.integration.marketing.conftest import published_template


async def mine(client, headers: dict) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]  # type: ignore[no-any-return]


async def refused_everywhere(client, front, cart_id: str, coupon_id: str, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    named = await priced(client, cart_id, front.shopper, coupon_ids=coupon_id)
    assert (named.status_code, named.json()["code"]) == (status, code), named.text
    placed = await checkout(client, cart_id, front.shopper, coupon_ids=[coupon_id])
    assert (placed.status_code, placed.json()["code"]) == (status, code), placed.text
    assert placed.json()["coupon_id"] == coupon_id


async def test_a_coupon_that_is_not_the_shoppers_own_is_not_found(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", amount_off(100))
    other = await shopper_headers(client, tenant.slug, "other@example.com")
    assert (await client.post(f"/api/v1/store/coupons/{template}/claim", headers=other)).status_code == 201
    someone_elses = (await mine(client, other))[0]["id"]
    me = (await client.get("/api/v1/store/me", headers=front.shopper)).json()["id"]
    elsewhere = await new_tenant(db)
    foreign = await published_template(lambda: db.uow(tenant_id=elsewhere.id, actor=staff_actor()))
    another_shops = await claim_coupon(db.uow(tenant_id=elsewhere.id, actor=staff_actor()), template_id=foreign.id,
                                       customer_id=me)  # fmt: skip
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    for coupon_id in ("no-such-coupon", someone_elses, another_shops):
        await refused_everywhere(client, front, cart_id, coupon_id, 404, "not_found")
    orders = await client.get("/api/v1/store/orders", headers=front.shopper)
    assert orders.json()["items"] == []
    placed = await checkout(client, cart_id, front.shopper, expected_total=1000)
    assert placed.status_code == 201, placed.text  # the refusals left the cart open


async def test_the_shoppers_own_coupon_that_is_used_or_not_yet_valid_is_unavailable(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    now_usable = await publish(client, staff, "coupons", amount_off(100))
    tomorrow = await publish(client, staff, "coupons", {**amount_off(200), "valid_from": "2026-11-26T08:00:00+00:00"})
    for template in (now_usable, tomorrow):
        assert (await client.post(f"/api/v1/store/coupons/{template}/claim", headers=front.shopper)).status_code == 201
    held = {c["template_id"]: c["id"] for c in await mine(client, front.shopper)}
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    used = await checkout(client, cart_id, front.shopper, coupon_ids=[held[now_usable]], expected_total=900)
    assert used.status_code == 201, used.text
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    await refused_everywhere(client, front, cart_id, held[now_usable], 409, "coupon_unavailable")  # locked to an order
    await refused_everywhere(client, front, cart_id, held[tomorrow], 409, "coupon_unavailable")
    assert (await priced(client, cart_id, front.shopper, coupon_ids="")).json()["total"] == 1000
