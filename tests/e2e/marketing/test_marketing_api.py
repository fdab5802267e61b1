"""Promotions and coupons over HTTP: publish, claim, an explained cart price, checkout, cancel returns the coupon."""

from __future__ import annotations

import uuid

from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.test_checkout_api import cart_with, ship

SPEND_AND_SAVE = {
    "name": {"zh-CN": "满15减2", "en": "¥2 off ¥15"},
    "benefit": {"kind": "amount_off", "tiers": [{"threshold": 1500, "value": 200}]},
}
COUPON = {
    "name": {"zh-CN": "立减1元", "en": "¥1 off"},
    "benefit": {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 100}]},
    "max_uses": 10,
}


async def publish(client, staff, kind: str, body: dict) -> str:  # type: ignore[no-untyped-def, type-arg]
    created = await client.post(f"/api/v1/admin/{kind}", json=body, headers=staff)
    assert created.status_code == 201, created.text
    published = await client.post(f"/api/v1/admin/{kind}/{created.json()['id']}/publish", headers=staff)
    assert published.status_code == 204, published.text
    return created.json()["id"]


async def test_promotion_and_coupon_from_claim_to_checkout_and_back(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    promotion = await publish(client, staff, "promotions", SPEND_AND_SAVE)
    template = await publish(client, staff, "coupons", COUPON)
    shop, headers = front.shop, {**front.shopper, "Accept-Language": "en"}
    claimed = await client.post(f"/api/v1/store/coupons/{template}/claim", headers=headers)
    assert claimed.status_code == 201, claimed.text
    coupons = (await client.get("/api/v1/store/coupons", headers=headers)).json()
    assert [c["status"] for c in coupons["mine"]] == ["available"]
    on_product = {"variant_ids": shop.variants[0]}
    covering = (await client.get("/api/v1/store/coupons", params=on_product, headers=headers)).json()
    assert [t["id"] for t in covering["claimable"]] == [template]
    unknown = (await client.get("/api/v1/store/coupons", params={"variant_ids": "nope"}, headers=headers)).json()
    assert unknown["claimable"] == [] and len(unknown["mine"]) == 1

    cart_id = await cart_with(client, headers, shop.variants[0])  # 1000 fen: below the 1500 threshold
    pricing = (await client.get(f"/api/v1/store/carts/{cart_id}/pricing", headers=headers)).json()
    outcome = {r["rule_id"]: r for r in pricing["rules"]}
    assert not outcome[promotion]["applied"] and "5" in outcome[promotion]["message"]
    assert outcome[template]["applied"] and pricing["total"] == 900
    url = f"/api/v1/store/carts/{cart_id}/pricing"
    without = (await client.get(url, params={"coupon_ids": ""}, headers=headers)).json()
    assert without["total"] == 1000 and not any(r["coupon_id"] for r in without["rules"])
    coupon_id = outcome[template]["coupon_id"]
    chosen = (await client.get(url, params={"coupon_ids": coupon_id}, headers=headers)).json()
    assert chosen["total"] == 900

    await client.post(f"/api/v1/store/carts/{cart_id}/lines", json={"variant_id": shop.variants[1]}, headers=headers)
    cart = (await client.get(f"/api/v1/store/carts/{cart_id}", headers=headers)).json()
    assert (cart["subtotal"], cart["discount"], cart["total"]) == (2100, 300, 1800)
    assert sum(line["discount"] for line in cart["lines"]) == 300

    order = await client.post(
        "/api/v1/store/checkout", json=ship(cart_id), headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
    )
    assert order.status_code == 201, order.text
    assert order.json()["total"] == 1800
    assert sum(line["discount"] for line in order.json()["lines"]) == order.json()["discount"] == 300
    locked = (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]
    assert [c["status"] for c in locked] == ["locked"]

    await client.post(f"/api/v1/store/orders/{order.json()['id']}/cancel", headers=headers)
    await dispatch_pending(db)
    back = (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]
    assert [c["status"] for c in back] == ["available"]
    stats = (await client.get("/api/v1/admin/promotions", headers=staff)).json()
    assert stats[0]["budget_used"] == 200


async def test_simulation_explains_draft_rules_without_writing(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    body = {"lines": [{"variant_id": front.shop.variants[0], "quantity": 2}], "promotions": [SPEND_AND_SAVE]}
    simulated = await client.post("/api/v1/admin/promotions/simulate", json=body, headers=staff)
    assert simulated.status_code == 200, simulated.text
    assert (simulated.json()["goods_discount"], simulated.json()["total"]) == (200, 1800)
    assert (await client.get("/api/v1/admin/promotions", headers=staff)).json() == []


async def test_bad_input_roles_and_tenants(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    unknown = await client.post("/api/v1/admin/promotions", json={**SPEND_AND_SAVE, "budget_used": 0}, headers=staff)
    assert unknown.status_code == 422
    promotion = await publish(client, staff, "promotions", SPEND_AND_SAVE)
    other = await new_tenant(db)
    rival = await staff_headers(client, other)
    assert (await client.get(f"/api/v1/admin/promotions/{promotion}", headers=rival)).status_code == 404
    assert (await client.post(f"/api/v1/admin/promotions/{promotion}/pause", headers=rival)).status_code == 404
    await client.post(
        "/api/v1/admin/staff", headers=staff,
        json={"email": "clerk@m.test", "name": "C", "password": "clerk-pass-1", "role": "clerk"},
    )  # fmt: skip
    token = await client.post(
        "/api/v1/auth/token", json={"tenant": tenant.slug, "email": "clerk@m.test", "password": "clerk-pass-1"}
    )
    clerk = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await client.post("/api/v1/admin/promotions", json=SPEND_AND_SAVE, headers=clerk)).status_code == 403
    again = await client.post(f"/api/v1/admin/promotions/{promotion}/publish", headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


async def test_unique_codes_export_and_redeem_once_and_a_public_code(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", {**COUPON, "public_code": "SPRING-10", "total_quantity": 5})
    minted = await client.post(f"/api/v1/admin/coupons/{template}/codes", json={"count": 3}, headers=staff)
    assert minted.status_code == 200 and minted.headers["content-type"].startswith("text/csv")
    codes = [row.split(",")[0] for row in minted.text.splitlines()[1:]]
    assert len(set(codes)) == 3
    headers = front.shopper
    first = await client.post("/api/v1/store/coupons/redeem", json={"code": codes[0].lower()}, headers=headers)
    assert first.status_code == 201, first.text
    again = await client.post("/api/v1/store/coupons/redeem", json={"code": codes[0]}, headers=headers)
    assert again.status_code == 404 and again.json()["code"] == "coupon_code_invalid"
    public = await client.post("/api/v1/store/coupons/redeem", json={"code": "SPRING-10"}, headers=headers)
    assert public.status_code in (201, 409)  # 409: the per-customer claim limit (1) was met by the unique code
    too_many = await client.post(f"/api/v1/admin/coupons/{template}/codes", json={"count": 5}, headers=staff)
    assert too_many.status_code == 409 and too_many.json()["code"] == "coupon_exhausted"


async def test_a_coupon_that_does_not_return_on_cancel_is_spent(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", {**COUPON, "return_on_cancel": False})
    headers = front.shopper
    await client.post(f"/api/v1/store/coupons/{template}/claim", headers=headers)
    cart_id = await cart_with(client, headers, front.shop.variants[0])
    order = await client.post(
        "/api/v1/store/checkout", json=ship(cart_id), headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
    )
    await client.post(f"/api/v1/store/orders/{order.json()['id']}/cancel", headers=headers)
    await dispatch_pending(db)
    mine = (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]
    assert [c["status"] for c in mine] == ["used"]


async def test_bulk_issue_to_a_customer_group_reports_unknown_customers(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", COUPON)
    me = (await client.get("/api/v1/store/me", headers=front.shopper)).json()
    grouped = await client.patch(f"/api/v1/admin/customers/{me['id']}", json={"customer_group": "vip"}, headers=staff)
    assert grouped.status_code == 200, grouped.text
    report = await client.post(
        f"/api/v1/admin/coupons/{template}/issue",
        json={"customer_group": "vip", "customer_ids": ["0192f0c0-0000-7000-8000-00000000dead"]},
        headers=staff,
    )
    assert report.status_code == 200, report.text
    assert report.json()["issued"] == 1
    assert report.json()["skipped"] == [
        {"customer_id": "0192f0c0-0000-7000-8000-00000000dead", "code": "customer_not_found"}
    ]
    mine = (await client.get("/api/v1/store/coupons", headers=front.shopper)).json()["mine"]
    assert len(mine) == 1


async def test_stats_count_orders_discount_and_gmv_and_forget_cancelled_orders(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    promotion = await publish(client, staff, "promotions", SPEND_AND_SAVE)
    headers = front.shopper
    orders = []
    for _ in range(2):
        cart_id = await cart_with(client, headers, front.shop.variants[1], quantity=2)  # 2200 fen: 200 off
        placed = await client.post(
            "/api/v1/store/checkout", json=ship(cart_id), headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
        )
        orders.append(placed.json())
    stats = (await client.get(f"/api/v1/admin/promotions/{promotion}/stats", headers=staff)).json()
    assert (stats["orders"], stats["discount_given"], stats["gmv_driven"]) == (2, 400, 4000)
    await client.post(f"/api/v1/store/orders/{orders[0]['id']}/cancel", headers=headers)
    await dispatch_pending(db)
    stats = (await client.get(f"/api/v1/admin/promotions/{promotion}/stats", headers=staff)).json()
    assert (stats["orders"], stats["discount_given"], stats["gmv_driven"]) == (1, 200, 2000)


async def test_a_daily_issue_limit_holds(client, front, tenant) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", {**COUPON, "daily_issue_limit": 2, "per_customer_claims": 5})
    codes = await client.post(f"/api/v1/admin/coupons/{template}/codes", json={"count": 2}, headers=staff)
    assert codes.status_code == 200
    refused = await client.post(f"/api/v1/store/coupons/{template}/claim", headers=front.shopper)
    assert refused.status_code == 409 and refused.json()["code"] == "coupon_daily_limit"
    stats = (await client.get(f"/api/v1/admin/coupons/{template}/stats", headers=staff)).json()
    assert (stats["issued"], stats["used"]) == (2, 0)


async def test_payment_spends_the_coupon_and_a_full_refund_gives_it_back(client, front, tenant, db) -> None:
    staff = await staff_headers(client, tenant)
    template = await publish(client, staff, "coupons", COUPON)
    headers = front.shopper
    await client.post(f"/api/v1/store/coupons/{template}/claim", headers=headers)
    cart_id = await cart_with(client, headers, front.shop.variants[0])
    order = (
        await client.post(
            "/api/v1/store/checkout", json=ship(cart_id), headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
        )
    ).json()
    payment = (
        await client.post(f"/api/v1/store/orders/{order['id']}/payments", json={"provider": "mock"}, headers=headers)
    ).json()
    assert (await client.post(f"/api/v1/payments/mock/{payment['id']}/succeed", headers=staff)).status_code == 200
    await dispatch_pending(db)
    assert [c["status"] for c in (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]] == [
        "used"
    ]
    refunded = await client.post(
        f"/api/v1/admin/payments/{payment['id']}/refunds", json={"amount": order["total"]}, headers=staff
    )
    assert refunded.status_code == 201, refunded.text
    await dispatch_pending(db)
    mine = (await client.get("/api/v1/store/coupons", headers=headers)).json()["mine"]
    assert [c["status"] for c in mine] == ["available"]


async def test_a_public_code_belongs_to_one_coupon(client, tenant) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    first = await client.post("/api/v1/admin/coupons", json={**COUPON, "public_code": "XMAS"}, headers=staff)
    assert first.status_code == 201, first.text
    again = await client.post("/api/v1/admin/coupons", json={**COUPON, "public_code": "XMAS"}, headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "public_code_taken"
    assert len((await client.get("/api/v1/admin/coupons", headers=staff)).json()) == 1
