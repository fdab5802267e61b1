"""After-sales over HTTP: a shopper asks, staff approve and refund to the mock payment; others see 404."""

from __future__ import annotations

from tests.conftest import staff_headers
from tests.integration.aftersales.conftest import CUP, TEA, make_paid


async def _shopper(client, tenant) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/api/v1/store/auth/register",
        json={"email": "buyer@example.com", "password": "buyer-pass-1"},
        headers={"X-Shoal-Tenant": tenant.slug},
    )
    body = response.json()
    return {"Authorization": f"Bearer {body['access_token']}", "X-Shoal-Tenant": tenant.slug}, body["customer"]["id"]


async def test_refund_only_through_the_api(client, uow_factory, tenant, clock) -> None:
    headers, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    asked = await client.post(
        f"/api/v1/store/orders/{paid.order.id}/after-sales",
        headers=headers,
        json={"kind": "refund_only", "reason_code": "damaged", "reason": "杯口有裂纹",
              "lines": [{"order_line_id": paid.line(CUP), "quantity": 1}]},
    )  # fmt: skip
    assert asked.status_code == 201, asked.text
    case = asked.json()
    mine = await client.get("/api/v1/store/after-sales", headers=headers)
    assert [c["id"] for c in mine.json()["items"]] == [case["id"]]
    staff = await staff_headers(client, tenant)
    approved = await client.post(f"/api/v1/admin/after-sales/{case['id']}/approve", headers=staff, json={})
    assert approved.json()["refund_amount"] == 500
    refunded = await client.post(f"/api/v1/admin/after-sales/{case['id']}/refund", headers=staff)
    assert refunded.status_code == 200, refunded.text
    again = await client.post(f"/api/v1/admin/after-sales/{case['id']}/refund", headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    order = await client.get(f"/api/v1/store/orders/{paid.order.id}", headers=headers)
    assert order.json()["refunded_amount"] == 500


async def test_bad_requests_are_clean_problems(client, uow_factory, tenant, clock) -> None:
    headers, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    url = f"/api/v1/store/orders/{paid.order.id}/after-sales"
    line = {"order_line_id": paid.line(TEA), "quantity": 4}
    too_many = await client.post(
        url, headers=headers, json={"kind": "refund_only", "reason_code": "x", "lines": [line]}
    )
    assert too_many.status_code == 409 and too_many.json()["code"] == "quantity_exceeds_refundable"
    extra = await client.post(
        url, headers=headers, json={"kind": "refund_only", "reason_code": "x", "lines": [line], "refund_amount": 1}
    )
    assert extra.status_code == 422
    anonymous = await client.post(url, headers={"X-Shoal-Tenant": tenant.slug}, json={})
    assert anonymous.status_code == 401
    staff = await staff_headers(client, tenant)
    assert (await client.get("/api/v1/admin/after-sales/nope", headers=staff)).status_code == 404


async def test_staff_cancelling_a_paid_order_refunds_it_in_full(client, uow_factory, tenant, clock, db) -> None:
    from shoal.core.dispatcher import dispatch_pending

    _, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    staff = await staff_headers(client, tenant)
    cancelled = await client.post(
        f"/api/v1/admin/orders/{paid.order.id}/cancel", json={"reason": "缺货"}, headers=staff
    )
    assert cancelled.status_code == 200, cancelled.text
    await dispatch_pending(db)
    await dispatch_pending(db)  # a second delivery refunds nothing more
    order = (await client.get(f"/api/v1/admin/orders/{paid.order.id}", headers=staff)).json()
    assert (order["status"], order["refunded_amount"]) == ("cancelled", 2300)
