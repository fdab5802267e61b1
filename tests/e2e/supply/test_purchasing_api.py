"""The purchasing API end to end: a supplier and its item, a PO drafted, sent, received in part (idempotently), the
CSV export, a refusal in both languages, and another tenant's PO answering 404."""

from __future__ import annotations

import uuid

from tests.conftest import new_tenant, staff_headers
from tests.integration.checkout.conftest import make_shop

ADMIN = "/api/v1/admin"


async def test_supplier_po_receive_export_and_refusals(client, db, tenant, uow_factory) -> None:
    shop = await make_shop(uow_factory, tenant)
    staff = await staff_headers(client, tenant)
    variant = shop.variants[0]
    supplier = (await client.post(f"{ADMIN}/suppliers", json={"code": "S1", "name": "青屿茶厂"}, headers=staff)).json()
    item = {"variant_id": variant, "cost_price": 1200, "pack_size": 6, "min_order_quantity": 12, "lead_time_days": 5}
    assert (await client.post(f"{ADMIN}/suppliers/{supplier['id']}/items", json=item, headers=staff)).status_code == 200
    body = {
        "supplier_id": supplier["id"],
        "location_id": shop.warehouse.id,
        "lines": [{"variant_id": variant, "quantity": 12}],
    }
    po = (await client.post(f"{ADMIN}/purchase-orders", json=body, headers=staff)).json()
    assert po["status"] == "draft" and po["lines"][0]["unit_cost"] == 1200 and po["total_cost"] == 14_400
    unknown = await client.post(f"{ADMIN}/purchase-orders", json={**body, "extra": 1}, headers=staff)
    assert unknown.status_code == 422

    one = {"lines": [{"variant_id": variant, "quantity": 1}]}
    zh = {**staff, "Accept-Language": "zh-CN"}
    early = await client.post(f"{ADMIN}/purchase-orders/{po['id']}/receive", json=one, headers=zh)
    assert early.status_code == 409 and early.json()["code"] == "invalid_state" and "草稿" in early.json()["detail"]
    assert (await client.post(f"{ADMIN}/purchase-orders/{po['id']}/send", headers=staff)).json()["status"] == "sent"

    receipt = {"lines": [{"variant_id": variant, "quantity": 5}]}
    key = {**staff, "Idempotency-Key": str(uuid.uuid4())}
    first = await client.post(f"{ADMIN}/purchase-orders/{po['id']}/receive", json=receipt, headers=key)
    again = await client.post(f"{ADMIN}/purchase-orders/{po['id']}/receive", json=receipt, headers=key)
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert first.json()["status"] == "partially_received" and len(first.json()["receipts"]) == 1
    over = await client.post(f"{ADMIN}/purchase-orders/{po['id']}/receive",
                             json={"lines": [{"variant_id": variant, "quantity": 8}]}, headers=staff)  # fmt: skip
    assert over.status_code == 409 and over.json()["code"] == "over_receipt" and over.json()["open"] == 7

    csv_text = (await client.get(f"{ADMIN}/purchase-orders/{po['id']}/export.csv", headers=staff)).text
    assert csv_text.startswith("\ufeffnumber,status") and f"{po['number']},partially_received" in csv_text
    listed = (await client.get(f"{ADMIN}/purchase-orders?status=partially_received", headers=staff)).json()
    assert [o["id"] for o in listed["items"]] == [po["id"]]

    other = await new_tenant(db)
    theirs = await staff_headers(client, other)
    assert (await client.get(f"{ADMIN}/purchase-orders/{po['id']}", headers=theirs)).status_code == 404
    assert (await client.post(f"{ADMIN}/purchase-orders/{po['id']}/close", headers=theirs)).status_code == 404
