"""The till over HTTP at the pinned paths: a clerk opens a shift, finds a member by phone, sells on the store channel
(a store-only offer applies), the sale replays as itself and is in the member's order list, goods come back at the
till, the shift closes with its difference, and the stores' report counts it. Bad input and another shop: nothing."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from shoal.customers.identities import link_door
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from tests.conftest import new_tenant, staff_headers
from tests.e2e.marketing.test_marketing_api import publish
from tests.e2e.marketing.test_pricing_wiring import amount_off

POS = "/api/v1/pos"


async def test_a_clerks_day_at_the_till(client, front, tenant, clerk, clock, db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    await publish(client, owner, "promotions", amount_off(300, channels=["store"]))
    assert (await client.post(POS + "/sales", json={"sale_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}]},
                              headers=clerk)).json()["code"] == "no_open_shift"  # fmt: skip
    shift = await client.post(POS + "/shifts", json={"opening_float": 5_000}, headers=clerk)
    assert shift.status_code == 201 and shift.json()["location_id"] == front.shop.store.id
    again = await client.post(POS + "/shifts", json={"opening_float": 5_000}, headers=clerk)
    assert (again.status_code, again.json()["code"]) == (409, "shift_already_open")

    made = await create_customer(uow_factory(), data=CustomerCreate(phone="13900139000", name="李四"))
    async with uow_factory() as uow:
        await link_door(uow, made.id, "card", "VIP20260001")
        await uow.commit()
    by_card = await client.get(POS + "/members", params={"card": "vip-2026-0001"}, headers=clerk)
    assert by_card.json()["id"] == made.id
    member = await client.get(POS + "/members", params={"phone": "13900139000"}, headers=clerk)
    assert member.json()["phone"] == "139****9000" and member.json()["name"] == "李四"
    assert (await client.get(POS + "/members", params={"phone": "13700137000"}, headers=clerk)).status_code == 404

    me = (await client.get("/api/v1/store/me", headers=front.shopper)).json()
    terms = {"points_per_yuan_off": 100, "max_points_percent": 50}
    assert (await client.put("/api/v1/admin/loyalty/terms", json=terms, headers=owner)).status_code == 200
    points = f"/api/v1/admin/customers/{me['id']}/points"
    assert (await client.post(points, json={"points": 800, "reason": "活动"}, headers=owner)).status_code == 201
    sale = {"sale_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}], "customer_id": me["id"], "points": 200,
            "cash_tendered": 1_000}  # fmt: skip
    quote = await client.post(POS + "/quotes", json={"lines": sale["lines"]}, headers=clerk)
    assert quote.json()["total"] == 700  # ¥10 less the store-only ¥3
    sold = await client.post(POS + "/sales", json=sale, headers=clerk)
    assert sold.status_code == 201, sold.text
    assert (sold.json()["total"], sold.json()["change_given"]) == (500, 500)  # and 200 points for ¥2
    assert (await client.get("/api/v1/store/me/points", headers=front.shopper)).json()["balance"] == 600
    replay = await client.post(POS + "/sales", json=sale, headers=clerk)
    assert replay.json()["id"] == sold.json()["id"]
    mine = (await client.get("/api/v1/store/orders", headers=front.shopper)).json()["items"]
    assert [o["number"] for o in mine] == [sold.json()["order_number"]]

    extra, unknown = {**sale, "tip": 1}, {**sale, "lines": [{"code": "NOPE"}]}
    for bad, code in ((extra, "validation_failed"), (unknown, "unknown_code")):
        bad["sale_id"] = uuid.uuid4().hex
        refused = await client.post(POS + "/sales", json=bad, headers=clerk)
        assert (refused.status_code, refused.json()["code"]) == (422, code)
    stranger = await staff_headers(client, await new_tenant(db))
    assert (await client.get(f"{POS}/sales/{sold.json()['id']}", headers=stranger)).status_code == 404

    returned = {"return_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}]}
    back = await client.post(f"{POS}/sales/{sold.json()['id']}/returns", json=returned, headers=clerk)
    assert back.status_code == 201 and back.json()["refunds"] == [{"method": "cash", "amount": 500}]
    closed = await client.post(f"{POS}/shifts/{shift.json()['id']}/close", json={"counted_cash": 4_990}, headers=clerk)
    assert (closed.json()["expected_cash"], closed.json()["difference"]) == (5_000, -10)

    day = clock.now().astimezone(ZoneInfo(tenant.tenant.timezone)).date().isoformat()
    report = (await client.get("/api/v1/admin/reports/stores", params={"day": day}, headers=owner)).json()
    [store] = report["stores"]
    assert (store["sales"], store["refunds"], store["orders"], store["average_order_value"]) == (500, 500, 1, 500)
    assert store["top_skus"][0]["sku"] == "SKU000" and store["by_clerk"][0]["name"] == "小王"
