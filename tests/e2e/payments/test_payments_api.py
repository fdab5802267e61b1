"""Payments over HTTP: a shopper pays with the mock, staff see, refund and reconcile; forgeries get 4xx."""

from __future__ import annotations

from tests.conftest import new_tenant, staff_headers
from tests.e2e.customers.conftest import bearer, register
from tests.integration.payments.conftest import place_order


async def shopper(client, tenant) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    headers = bearer(await register(client, tenant))
    me = await client.get("/api/v1/store/me", headers=headers)
    assert me.status_code == 200, me.text
    return headers, me.json()["id"]


async def test_a_shopper_pays_with_the_mock_and_staff_refund(client, tenant, uow_factory) -> None:
    headers, customer_id = await shopper(client, tenant)
    order = await place_order(uow_factory, tenant.tenant, customer_id=customer_id)
    started = await client.post(f"/api/v1/store/orders/{order.id}/payments", json={"provider": "mock"}, headers=headers)
    assert started.status_code == 201, started.text
    payment = started.json()
    assert (payment["status"], payment["amount"], payment["provider"]) == ("pending", 1990, "mock")
    staff = await staff_headers(client, tenant)
    paid = await client.post(f"/api/v1/payments/mock/{payment['id']}/succeed", headers=staff)
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded"

    listed = await client.get("/api/v1/admin/payments", headers=staff)
    assert [p["id"] for p in listed.json()["items"]] == [payment["id"]]
    refund = await client.post(
        f"/api/v1/admin/payments/{payment['id']}/refunds", json={"amount": 500, "reason": "退差价"}, headers=staff
    )
    assert refund.status_code == 201, refund.text
    too_much = await client.post(
        f"/api/v1/admin/payments/{payment['id']}/refunds", json={"amount": 2000}, headers=staff
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "refund_exceeds_paid"
    report = await client.get("/api/v1/admin/payments/reconciliation?day=2026-11-25", headers=staff)
    assert report.status_code == 200
    assert (report.json()["paid"], report.json()["refunded"], report.json()["issues"]) == (1990, 500, [])


async def test_someone_elses_order_unknown_ids_and_bad_input(client, tenant, uow_factory) -> None:
    headers, _ = await shopper(client, tenant)
    order = await place_order(uow_factory, tenant.tenant)
    other = await client.post(f"/api/v1/store/orders/{order.id}/payments", json={"provider": "mock"}, headers=headers)
    assert other.status_code == 404
    extra = await client.post(
        f"/api/v1/store/orders/{order.id}/payments", json={"provider": "mock", "amount": 1}, headers=headers
    )
    assert extra.status_code == 422
    unknown = await client.post(
        "/api/v1/payments/mock/0192f0c0-0000-7000-8000-000000000000/succeed",
        headers=await staff_headers(client, tenant),
    )
    assert unknown.status_code == 404
    anonymous = await client.post(f"/api/v1/store/orders/{order.id}/payments", json={"provider": "mock"})
    assert anonymous.status_code == 401


async def test_a_forged_notification_is_refused(client) -> None:
    forged = await client.post("/api/v1/payments/mock/notify", content=b'{"out_trade_no":"x"}')
    assert forged.status_code == 400 and forged.json()["code"] == "FAIL"
    disabled = await client.post("/api/v1/payments/wechatpay/notify", content=b"{}")
    assert disabled.status_code == 422 and disabled.json()["code"] == "payment_provider_not_enabled"


async def test_only_staff_of_the_order_s_shop_play_the_mock(client, tenant, uow_factory, db) -> None:
    """Nobody else may mark an order paid: not anonymous callers, not the shopper, not another shop, not a clerk."""
    headers, customer_id = await shopper(client, tenant)
    order = await place_order(uow_factory, tenant.tenant, customer_id=customer_id)
    payment = (
        await client.post(f"/api/v1/store/orders/{order.id}/payments", json={"provider": "mock"}, headers=headers)
    ).json()
    other_shop = await staff_headers(client, await new_tenant(db))
    clerk = await clerk_headers(client, tenant)
    for outcome in ("succeed", "fail"):
        url = f"/api/v1/payments/mock/{payment['id']}/{outcome}"
        assert (await client.post(url, headers={"X-Shoal-Tenant": tenant.slug})).status_code == 401
        assert (await client.post(url, headers=headers)).status_code == 401
        assert (await client.post(url, headers=other_shop)).json()["code"] == "payment_not_found"
        assert (await client.post(url, headers=clerk)).status_code == 403
    still = await client.get(f"/api/v1/store/orders/{order.id}", headers=headers)
    assert still.json()["status"] == "pending_payment"
    paid = await client.post(
        f"/api/v1/payments/mock/{payment['id']}/succeed", headers=await staff_headers(client, tenant)
    )
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded"


async def clerk_headers(client, tenant) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A clerk of the shop: staff, but without ``orders.manage``."""
    body = {"email": f"clerk@{tenant.slug}.test", "name": "Clerk", "password": "clerk-pass-123", "role": "clerk"}
    made = await client.post("/api/v1/admin/staff", json=body, headers=await staff_headers(client, tenant))
    assert made.status_code == 201, made.text
    signed_in = await client.post(
        "/api/v1/auth/token", json={"tenant": tenant.slug, "email": body["email"], "password": body["password"]}
    )
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
