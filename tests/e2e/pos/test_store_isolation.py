"""The store level of the chain brand → dealer → store → promoter over HTTP: a clerk (staff tied to a store) sees
only their store's till sales, shifts, orders, pickups, members and daily report. Two stores of one shop each sell
at their till, one to a member; every read or move a clerk makes on the other store's objects is 404, its lists
hold none of them, and the report names only the clerk's store. The owner sees both (the brand level)."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

import httpx

from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate
from tests.conftest import TenantFixture, staff_headers
from tests.integration.checkout.conftest import stock

POS = "/api/v1/pos"


async def _clerk(client: httpx.AsyncClient, tenant: TenantFixture, store_id: str, email: str) -> dict[str, str]:
    owner = await staff_headers(client, tenant)
    staff = {"email": email, "name": "店员", "password": "clerk-pass-1", "role": "clerk", "location_id": store_id}
    assert (await client.post("/api/v1/admin/staff", json=staff, headers=owner)).status_code == 201
    body = {"tenant": tenant.slug, "email": email, "password": "clerk-pass-1"}
    token = (await client.post("/api/v1/auth/token", json=body)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def _day_at_till(client: httpx.AsyncClient, clerk: dict[str, str], **sale: object) -> tuple[str, dict]:  # type: ignore[type-arg]
    shift = (await client.post(POS + "/shifts", json={"opening_float": 0}, headers=clerk)).json()
    body = {"sale_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}], "cash_tendered": 1_000, **sale}
    sold = await client.post(POS + "/sales", json=body, headers=clerk)
    assert sold.status_code == 201, sold.text
    return shift["id"], sold.json()


async def test_a_clerk_sees_only_their_own_stores_part(client, front, tenant, uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    shop = front.shop
    other = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="ST-2", kind="store", name="滨江店", pickup_enabled=True)
    )
    await stock(uow_factory, shop.variants[0], other.id, 5)
    mine, theirs = (await _clerk(client, tenant, shop.store.id, "a@shop.test"),
                    await _clerk(client, tenant, other.id, "b@shop.test"))  # fmt: skip
    member = (await client.get("/api/v1/store/me", headers=front.shopper)).json()["id"]
    _, my_sale = await _day_at_till(client, mine)
    their_shift, their_sale = await _day_at_till(client, theirs, customer_id=member)

    assert [s["id"] for s in (await client.get(POS + "/sales", headers=mine)).json()["items"]] == [my_sale["id"]]
    back = {"return_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}]}
    hidden = [
        ("GET", f"{POS}/sales/{their_sale['id']}", None), ("POST", f"{POS}/sales/{their_sale['id']}/returns", back),
        ("GET", f"{POS}/shifts/{their_shift}", None),
        ("POST", f"{POS}/shifts/{their_shift}/close", {"counted_cash": 0}),
        ("GET", f"/api/v1/admin/orders/{their_sale['order_id']}", None),
        ("GET", f"/api/v1/admin/customers/{member}", None),
        ("GET", f"/api/v1/admin/stores/{other.id}/orders?queue=pickup", None),
    ]  # fmt: skip
    for method, path, body in hidden:
        answer = await client.request(method, path, json=body, headers=mine)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), path
    assert (await client.get(f"/api/v1/admin/customers/{member}", headers=theirs)).status_code == 200
    numbers = {o["number"] for o in (await client.get("/api/v1/admin/orders", headers=mine)).json()["items"]}
    assert numbers == {my_sale["order_number"]}
    shift = (await client.get(f"{POS}/shifts/{their_shift}", headers=theirs)).json()
    assert shift["status"] == "open"  # the other store's till is untouched

    day = clock.now().astimezone(ZoneInfo(tenant.tenant.timezone)).date().isoformat()
    for asked in ({"day": day}, {"day": day, "location_id": shop.store.id}):
        report = (await client.get("/api/v1/admin/reports/stores", params=asked, headers=mine)).json()
        assert [s["location_id"] for s in report["stores"]] == [shop.store.id]
    elsewhere = await client.get("/api/v1/admin/reports/stores", params={"day": day, "location_id": other.id},
                                 headers=mine)  # fmt: skip
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "not_found")
    owner = await staff_headers(client, tenant)
    everyone = (await client.get("/api/v1/admin/reports/stores", params={"day": day}, headers=owner)).json()
    assert {s["location_id"] for s in everyone["stores"]} == {shop.store.id, other.id}
