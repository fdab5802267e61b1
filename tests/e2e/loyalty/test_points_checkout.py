"""Points at checkout: cart pricing and checkout take the same ``points``, the explanation shows the deduction,
checkout spends them in its transaction, and a cancelled order gives them back."""

from __future__ import annotations

from tests.conftest import staff_headers
from tests.e2e.checkout.test_checkout_api import cart_with
from tests.e2e.marketing.test_pricing_wiring import checkout, priced
from tests.integration.group_buy.conftest import drain


async def test_points_priced_then_charged_and_given_back_on_cancel(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    terms = {"points_per_yuan_off": 100, "max_points_percent": 50}
    assert (await client.put("/api/v1/admin/loyalty/terms", json=terms, headers=staff)).status_code == 200
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    points = f"/api/v1/admin/customers/{me['customer_id']}/points"
    assert (await client.post(points, json={"points": 800, "reason": "活动"}, headers=staff)).status_code == 201

    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])  # ¥10.00
    shown = (await priced(client, cart_id, front.shopper, points=2_000)).json()
    assert (shown["total"], shown["discount"]) == (500, 500)  # at most 50% of the goods
    assert {a["source"] for a in shown["allocations"]} == {"points:500"}
    assert (await priced(client, cart_id, front.shopper, points=300)).json()["total"] == 700
    anonymous = await cart_with(client, front.anonymous, front.shop.variants[0])
    assert (await priced(client, anonymous, front.anonymous, points=300)).json()["total"] == 1000

    placed = await checkout(client, cart_id, front.shopper, points=2_000, expected_total=500)
    assert placed.status_code == 201, placed.text
    mine = (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()
    assert mine["balance"] == 300 and mine["entries"][0]["reason"] == "spend"

    cancelled = await client.post(f"/api/v1/store/orders/{placed.json()['id']}/cancel", headers=front.shopper)
    assert cancelled.status_code == 200, cancelled.text
    await drain(db)
    assert (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()["balance"] == 800
