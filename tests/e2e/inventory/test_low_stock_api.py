"""Low-stock thresholds over HTTP (库存预警): set, cleared with null, refused when negative or unknown, kept
to the tenant and to a clerk's own store; ``low_stock`` lists the rows at or below theirs."""

from __future__ import annotations

from tests.conftest import new_tenant, staff_headers
from tests.e2e.inventory.conftest import clerk_headers

ADMIN = "/api/v1/admin"


async def _row(client, headers, location_id: str, variant_id: str, quantity: int) -> dict:  # type: ignore[no-untyped-def]
    body = {"variant_id": variant_id, "location_id": location_id, "quantity": quantity}
    response = await client.post(f"{ADMIN}/stock/receipts", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _location(client, headers, code: str, kind: str = "warehouse") -> str:  # type: ignore[no-untyped-def]
    body = {"code": code, "kind": kind, "name": code}
    return (await client.post(f"{ADMIN}/locations", json=body, headers=headers)).json()["id"]


async def test_a_threshold_flags_the_row_and_filters_the_list(client, db, tenant) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    warehouse = await _location(client, owner, "WH")
    scarce = await _row(client, owner, warehouse, "v-scarce", 3)
    plenty = await _row(client, owner, warehouse, "v-plenty", 50)
    assert scarce["low_stock_threshold"] is None and scarce["low_stock"] is False

    for row, threshold in ((scarce, 5), (plenty, 5)):
        set_ = await client.patch(f"{ADMIN}/stock/{row['id']}", json={"low_stock_threshold": threshold}, headers=owner)
        assert set_.status_code == 200 and set_.json()["low_stock_threshold"] == 5, set_.text
    low = (await client.get(f"{ADMIN}/stock", params={"low_stock": "true"}, headers=owner)).json()["items"]
    assert [(r["variant_id"], r["low_stock"]) for r in low] == [("v-scarce", True)]

    # An adjustment keeps the threshold and can end the alert.
    body = {"variant_id": "v-scarce", "location_id": warehouse, "delta": 10}
    adjusted = (await client.post(f"{ADMIN}/stock/adjustments", json=body, headers=owner)).json()
    assert (adjusted["low_stock_threshold"], adjusted["low_stock"]) == (5, False)
    assert (await client.get(f"{ADMIN}/stock", params={"low_stock": "true"}, headers=owner)).json()["items"] == []

    cleared = await client.patch(f"{ADMIN}/stock/{plenty['id']}", json={"low_stock_threshold": None}, headers=owner)
    assert cleared.status_code == 200 and cleared.json()["low_stock_threshold"] is None

    negative = await client.patch(f"{ADMIN}/stock/{plenty['id']}", json={"low_stock_threshold": -1}, headers=owner)
    assert negative.status_code == 422
    unknown = await client.patch(f"{ADMIN}/stock/nope", json={"low_stock_threshold": 1}, headers=owner)
    assert unknown.status_code == 404
    extra = await client.patch(f"{ADMIN}/stock/{plenty['id']}", json={"low_stock_threshold": 1, "x": 1}, headers=owner)
    assert extra.status_code == 422

    other = await staff_headers(client, await new_tenant(db))
    theirs = await client.patch(f"{ADMIN}/stock/{scarce['id']}", json={"low_stock_threshold": 1}, headers=other)
    assert theirs.status_code == 404
    audit = await client.get(f"{ADMIN}/audit-log", params={"entity": "stock"}, headers=owner)
    assert "stock.low_stock_threshold" in {e["action"] for e in audit.json()["items"]}


async def test_a_clerk_sees_the_alerts_of_its_store_and_cannot_change_them(client, db, tenant) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    warehouse = await _location(client, owner, "WH")
    store = await _location(client, owner, "ST", "store")
    for location_id in (warehouse, store):
        row = await _row(client, owner, location_id, "v1", 2)
        await client.patch(f"{ADMIN}/stock/{row['id']}", json={"low_stock_threshold": 3}, headers=owner)
    clerk = await clerk_headers(client, db, tenant, store)
    low = (await client.get(f"{ADMIN}/stock", params={"low_stock": "true"}, headers=clerk)).json()["items"]
    assert [r["location_id"] for r in low] == [store]
    refused = await client.patch(f"{ADMIN}/stock/{low[0]['id']}", json={"low_stock_threshold": 0}, headers=clerk)
    assert refused.status_code == 403
