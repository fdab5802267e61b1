"""The inventory admin API over HTTP: locations, stock movements, transfers, availability, problems, clerks."""

from __future__ import annotations

import pytest

from tests.conftest import TenantFixture, new_tenant, staff_headers
from tests.e2e.inventory.conftest import clerk_headers

ADMIN = "/api/v1/admin"


@pytest.fixture
async def owner(client, tenant: TenantFixture) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return await staff_headers(client, tenant)


async def _location(client, headers, code: str, kind: str = "warehouse", **extra) -> dict:  # type: ignore[no-untyped-def]
    body = {"code": code, "kind": kind, "name": f"{kind} {code}", **extra}
    response = await client.post(f"{ADMIN}/locations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_location_crud_with_translations_address_and_audit(client, owner) -> None:
    created = await _location(
        client,
        owner,
        "ST-SH",
        "store",
        name_translations={"zh-CN": "上海新天地店", "en": "Xintiandi"},
        address={"city": "上海市", "line1": "马当路 245 号"},
        latitude="31.219900",
        longitude="121.474800",
        pickup_enabled=True,
    )
    assert created["latitude"] == "31.219900" and created["address"]["city"] == "上海市"
    fetched = await client.get(f"{ADMIN}/locations/{created['id']}", headers=owner)
    assert fetched.json()["name_translations"]["zh-CN"] == "上海新天地店"
    patched = await client.patch(f"{ADMIN}/locations/{created['id']}", json={"priority": 3}, headers=owner)
    assert patched.status_code == 200 and patched.json()["priority"] == 3 and patched.json()["pickup_enabled"]
    listed = await client.get(f"{ADMIN}/locations", params={"kind": "store"}, headers=owner)
    assert [x["code"] for x in listed.json()] == ["ST-SH"]
    audit = await client.get(f"{ADMIN}/audit-log", params={"entity": "location"}, headers=owner)
    assert [e["action"] for e in audit.json()["items"]] == ["location.update", "location.create"]


async def test_duplicate_code_and_unknown_fields_are_problems(client, owner) -> None:
    await _location(client, owner, "WH-1")
    again = await client.post(
        f"{ADMIN}/locations", json={"code": "WH-1", "kind": "warehouse", "name": "x"}, headers=owner
    )
    assert again.status_code == 409 and again.json()["code"] == "location_code_taken"
    extra = await client.post(
        f"{ADMIN}/locations", json={"code": "WH-2", "kind": "warehouse", "name": "x", "id": "mine"}, headers=owner
    )
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "id"


async def test_receive_adjust_count_and_read_the_ledger(client, owner) -> None:
    wh = await _location(client, owner, "WH-1")
    base = {"variant_id": "v1", "location_id": wh["id"]}
    received = await client.post(
        f"{ADMIN}/stock/receipts", json={**base, "quantity": 10, "reference": "PO-1"}, headers=owner
    )
    assert received.status_code == 201 and received.json()["available"] == 10
    adjusted = await client.post(f"{ADMIN}/stock/adjustments", json={**base, "delta": -3}, headers=owner)
    assert adjusted.json()["on_hand"] == 7
    too_much = await client.post(
        f"{ADMIN}/stock/adjustments", json={**base, "delta": -8}, headers={**owner, "Accept-Language": "zh-CN"}
    )
    assert too_much.status_code == 409
    problem = too_much.json()
    assert problem["code"] == "out_of_stock" and problem["available"] == 7 and "减少数量" in problem["detail"]
    counted = await client.post(f"{ADMIN}/stock/stocktakes", json={**base, "quantity": 5}, headers=owner)
    assert counted.json()["on_hand"] == 5
    ledger = await client.get(f"{ADMIN}/stock/ledger", params={"limit": 2}, headers=owner)
    assert [e["reason"] for e in ledger.json()["items"]] == ["stocktake", "adjustment"]
    rest = await client.get(f"{ADMIN}/stock/ledger", params={"cursor": ledger.json()["next_cursor"]}, headers=owner)
    assert [e["reason"] for e in rest.json()["items"]] == ["receipt"]
    stock = await client.get(f"{ADMIN}/stock", params={"variant_id": "v1"}, headers=owner)
    assert [(s["on_hand"], s["available"]) for s in stock.json()["items"]] == [(5, 5)]
    zero = await client.post(f"{ADMIN}/stock/receipts", json={**base, "quantity": 0}, headers=owner)
    assert zero.status_code == 422
    limit = await client.get(f"{ADMIN}/stock", params={"limit": 101}, headers=owner)
    assert limit.status_code == 422


async def test_transfer_lifecycle_and_availability(client, owner) -> None:
    wh = await _location(client, owner, "WH-1")
    st = await _location(client, owner, "ST-1", "store")
    await client.post(
        f"{ADMIN}/stock/receipts", json={"variant_id": "v1", "location_id": wh["id"], "quantity": 4}, headers=owner
    )
    body = {
        "source_location_id": wh["id"],
        "destination_location_id": st["id"],
        "lines": [{"variant_id": "v1", "quantity": 3}],
    }
    transfer = (await client.post(f"{ADMIN}/transfers", json=body, headers=owner)).json()
    assert transfer["status"] == "draft"
    shipped = await client.post(f"{ADMIN}/transfers/{transfer['id']}/ship", headers=owner)
    assert shipped.json()["status"] == "in_transit"
    cancel = await client.post(f"{ADMIN}/transfers/{transfer['id']}/cancel", headers=owner)
    assert cancel.status_code == 409 and cancel.json()["code"] == "invalid_state"
    received = await client.post(f"{ADMIN}/transfers/{transfer['id']}/receive", headers=owner)
    assert received.json()["status"] == "received"
    listed = await client.get(f"{ADMIN}/transfers", params={"status": "received"}, headers=owner)
    assert [t["id"] for t in listed.json()["items"]] == [transfer["id"]]
    availability = await client.post(
        f"{ADMIN}/inventory/availability", json={"variant_ids": ["v1", "v9"]}, headers=owner
    )
    assert availability.json() == {"v1": 4, "v9": 0}
    reservations = await client.get(f"{ADMIN}/reservations", headers=owner)
    assert reservations.status_code == 200 and reservations.json()["items"] == []


async def test_a_clerk_reads_its_store_only_and_cannot_write(client, db, tenant, owner) -> None:
    wh = await _location(client, owner, "WH-1")
    st = await _location(client, owner, "ST-1", "store")
    for location in (wh, st):
        await client.post(
            f"{ADMIN}/stock/receipts",
            json={"variant_id": "v1", "location_id": location["id"], "quantity": 2},
            headers=owner,
        )
    clerk = await clerk_headers(client, db, tenant, st["id"])
    assert [x["id"] for x in (await client.get(f"{ADMIN}/locations", headers=clerk)).json()] == [st["id"]]
    assert (await client.get(f"{ADMIN}/locations/{wh['id']}", headers=clerk)).status_code == 404
    stock = await client.get(f"{ADMIN}/stock", headers=clerk)
    assert [s["location_id"] for s in stock.json()["items"]] == [st["id"]]
    assert (await client.get(f"{ADMIN}/stock", params={"location_id": wh["id"]}, headers=clerk)).status_code == 404
    ledger = await client.get(f"{ADMIN}/stock/ledger", headers=clerk)
    assert {e["location_id"] for e in ledger.json()["items"]} == {st["id"]}
    write = await client.post(
        f"{ADMIN}/stock/receipts", json={"variant_id": "v1", "location_id": st["id"], "quantity": 1}, headers=clerk
    )
    assert write.status_code == 403 and write.json()["code"] == "forbidden"


async def test_another_tenants_location_is_404_and_anonymous_is_401(client, db, owner) -> None:
    other = await new_tenant(db)
    other_headers = await staff_headers(client, other)
    theirs = await _location(client, other_headers, "WH-T")
    assert (await client.get(f"{ADMIN}/locations/{theirs['id']}", headers=owner)).status_code == 404
    patch = await client.patch(f"{ADMIN}/locations/{theirs['id']}", json={"active": False}, headers=owner)
    assert patch.status_code == 404
    receipt = await client.post(
        f"{ADMIN}/stock/receipts", json={"variant_id": "v1", "location_id": theirs["id"], "quantity": 1}, headers=owner
    )
    assert receipt.status_code == 404 and receipt.json()["code"] == "not_found"
    assert (await client.get(f"{ADMIN}/stock")).status_code == 401
