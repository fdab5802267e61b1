"""Stored value over HTTP at the pinned paths: staff adjust a balance, offer top-up plans and issue gift cards;
the shopper tops up through the mock provider, redeems a card and pays an order with the balance."""

from __future__ import annotations

from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.test_checkout_api import cart_with
from tests.e2e.marketing.test_pricing_wiring import checkout


async def test_top_up_gift_card_and_an_order_paid_with_the_balance(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    plan = await client.post("/api/v1/admin/top-up-plans", json={"name": "充100送10", "amount": 10_000,
                                                                  "bonus": 1_000}, headers=staff)  # fmt: skip
    assert plan.status_code == 201, plan.text
    offered = (await client.get("/api/v1/store/top-up-plans", headers=front.shopper)).json()
    assert [p["id"] for p in offered] == [plan.json()["id"]]
    payment = await client.post("/api/v1/store/me/top-ups", json={"plan_id": plan.json()["id"], "provider": "mock"},
                                headers=front.shopper)  # fmt: skip
    assert payment.status_code == 201 and payment.json()["amount"] == 10_000
    refused = await client.post("/api/v1/store/me/top-ups", json={"plan_id": plan.json()["id"], "provider": "balance"},
                                headers=front.shopper)  # fmt: skip
    assert refused.status_code == 422
    assert (
        await client.post(f"/api/v1/payments/mock/{payment.json()['id']}/succeed", headers=staff)
    ).status_code == 200

    cards = await client.post(
        "/api/v1/admin/gift-cards", json={"batch": "礼卡", "value": 500, "count": 1}, headers=staff
    )
    code = cards.json()[0]["code"]
    redeem = "/api/v1/store/gift-cards/redeem"
    assert (await client.post(redeem, json={"code": code}, headers=front.shopper)).json()["balance"] == 11_500
    again = await client.post(redeem, json={"code": code}, headers=front.shopper)
    assert (again.status_code, again.json()["code"]) == (409, "gift_card_unusable")

    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    order = (await checkout(client, cart_id, front.shopper)).json()
    paid = await client.post(f"/api/v1/store/orders/{order['id']}/payments", json={"provider": "balance"},
                             headers=front.shopper)  # fmt: skip
    assert paid.status_code == 201 and paid.json()["status"] == "succeeded", paid.text
    mine = (await client.get("/api/v1/store/me/balance", headers=front.shopper)).json()
    assert mine["balance"] == 11_500 - order["total"]
    assert [e["reason"] for e in mine["entries"]] == ["pay", "gift_card", "topup"]
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    assert me["balance"] == mine["balance"]

    balance = f"/api/v1/admin/customers/{me['customer_id']}/balance"
    taken = await client.post(balance, json={"amount": -mine["balance"] - 1, "reason": "误充"}, headers=staff)
    assert (taken.status_code, taken.json()["code"]) == (409, "insufficient_balance")
    given = await client.post(balance, json={"amount": 100, "reason": "补偿"}, headers=staff)
    assert given.status_code == 201 and given.json()["bonus"] > 0
    assert (await client.get(balance, headers=staff)).json()["balance"] == mine["balance"] + 100
    stranger = await staff_headers(client, await new_tenant(db))
    assert (await client.get(balance, headers=stranger)).status_code == 404
    before = (await client.get(balance, headers=staff)).json()
    withdrawn = await client.post(balance + "/withdrawals", json={"reason": "退卡"}, headers=staff)
    assert withdrawn.status_code == 201, withdrawn.text
    paid_back = withdrawn.json()
    assert (paid_back["principal"], paid_back["bonus_forfeited"]) == (before["principal"], before["bonus"])
    assert (await client.get(balance, headers=staff)).json()["balance"] == 0
    again = await client.post(balance + "/withdrawals", json={"reason": "退卡"}, headers=staff)
    assert (again.status_code, again.json()["code"]) == (409, "nothing_to_withdraw")


async def test_a_membership_card_bought_with_the_balance_shows_in_the_membership_and_outlives_its_withdrawal(
    client, front, tenant
) -> None:
    staff = await staff_headers(client, tenant)
    level = {"code": "PLUS", "name": "PLUS", "threshold": 1_000_000}
    assert (await client.post("/api/v1/admin/member-levels", json=level, headers=staff)).status_code == 201
    card = await client.post("/api/v1/admin/membership-cards", json={"name": "PLUS 年卡", "price": 500, "days": 365,
                                                                      "level_code": "PLUS"}, headers=staff)  # fmt: skip
    assert card.status_code == 201, card.text
    assert [c["name"] for c in (await client.get("/api/v1/admin/membership-cards", headers=staff)).json()] == [
        "PLUS 年卡"
    ]
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    balance = f"/api/v1/admin/customers/{me['customer_id']}/balance"
    await client.post(balance, json={"amount": 500, "reason": "试用"}, headers=staff)
    url = f"/api/v1/store/membership-cards/{card.json()['id']}/purchases"
    paid = await client.post(url, json={"provider": "balance"}, headers=front.shopper)
    assert paid.status_code == 201 and paid.json()["status"] == "succeeded", paid.text
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    assert [(c["name"], c["active"]) for c in me["cards"]] == [("PLUS 年卡", True)] and me["balance"] == 0
    admin_card = f"/api/v1/admin/membership-cards/{card.json()['id']}"
    unknown = await client.patch(admin_card, json={"active": False, "colour": "gold"}, headers=staff)
    assert unknown.status_code == 422
    withdrawn = await client.patch(admin_card, json={"active": False, "price": 600}, headers=staff)
    assert (withdrawn.json()["active"], withdrawn.json()["price"]) == (False, 600), withdrawn.text
    assert (await client.get("/api/v1/store/membership-cards", headers=front.shopper)).json() == []
    refused = await client.post(url, json={"provider": "mock"}, headers=front.shopper)
    assert (refused.status_code, refused.json()["code"]) == (409, "membership_card_unavailable")
    me = (await client.get("/api/v1/store/me/membership", headers=front.shopper)).json()
    assert [(c["name"], c["active"]) for c in me["cards"]] == [("PLUS 年卡", True)]  # the holder keeps theirs
    other = await client.patch("/api/v1/admin/membership-cards/nope", json={"active": False}, headers=staff)
    assert other.status_code == 404
