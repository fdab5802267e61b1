"""Shipping over HTTP: the carrier list, an unknown carrier refused, 快递100-style tracking callbacks (signed,
recorded once, 签收 delivers), the shopper's parcels, and bulk shipping from a GB18030 CSV."""

from __future__ import annotations

import pytest

from tests.conftest import new_tenant, staff_headers
from tests.e2e.aftersales.test_after_sales_api import _shopper
from tests.integration.aftersales.conftest import make_paid
from tests.integration.orders.test_shipments import ARRIVED, COLLECTED, SIGNED, push
from tests.stand_ins import stand_in_for_catalog


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in_for_catalog(monkeypatch)  # the paid orders of ``tests.integration.aftersales`` name made-up variants
    monkeypatch.setenv("SHOAL_TRACKING_PROVIDER", "mock")


async def test_carriers_are_listed_with_both_names_and_their_tracking_page(client) -> None:
    carriers = {c["code"]: c for c in (await client.get("/api/v1/carriers")).json()}
    assert carriers["jtexpress"]["name"] == {"zh-CN": "极兔速递", "en": "J&T Express"}
    assert carriers["zto"]["tracking_url"] == "https://www.kuaidi100.com/chaxun?com=zhongtong&nu={number}"
    assert carriers["other"]["tracking_url"] is None


async def test_ship_track_and_deliver_through_the_api(client, uow_factory, tenant, clock) -> None:
    shopper, customer_id = await _shopper(client, tenant)
    paid = await make_paid(uow_factory, tenant, clock, customer_id)
    staff = await staff_headers(client, tenant)
    url = f"/api/v1/admin/orders/{paid.order.id}/shipments"
    lines = [{"line_id": line.id, "quantity": line.quantity} for line in paid.order.lines]
    refused = await client.post(url, headers=staff, json={"carrier": "顺丰", "tracking_number": "SF1", "lines": lines})
    assert refused.status_code == 422 and refused.json()["code"] == "unknown_carrier"
    excel = await client.post(url, headers=staff, json={"carrier": "sf", "tracking_number": "1.2E+14", "lines": lines})
    assert excel.status_code == 422
    shipped = await client.post(url, headers=staff, json={"carrier": "sf", "tracking_number": "SF9", "lines": lines})
    assert shipped.status_code == 201, shipped.text
    shipment = shipped.json()
    assert shipment["tracking_url"].endswith("/waybill-detail/SF9")

    callback = f"/api/v1/tracking/mock/callback/{tenant.id}/{shipment['id']}"
    moving = push(tenant.id, shipment["id"], number="SF9", state="0", data=[ARRIVED, COLLECTED])
    for _ in range(2):
        answer = await client.post(callback, data=moving)
        assert answer.status_code == 200 and answer.json() == {"result": True, "returnCode": "200", "message": "成功"}
    forged = await client.post(callback, data={**moving, "sign": "0" * 32})
    assert forged.status_code == 403 and forged.json()["code"] == "tracking_callback_forged"
    elsewhere = await client.post(f"/api/v1/tracking/kuaidi100/callback/{tenant.id}/{shipment['id']}", data=moving)
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "tracking_provider_not_enabled"

    parcels = (await client.get(f"/api/v1/store/orders/{paid.order.id}/shipments", headers=shopper)).json()
    assert [e["description"] for e in parcels[0]["events"]] == [ARRIVED["context"], COLLECTED["context"]]
    assert parcels[0]["tracking_state"] == "in_transit"

    signed = push(tenant.id, shipment["id"], number="SF9", state="3", data=[SIGNED, ARRIVED, COLLECTED])
    assert (await client.post(callback, data=signed)).status_code == 200
    order = (await client.get(f"/api/v1/admin/orders/{paid.order.id}", headers=staff)).json()
    assert order["status"] == "delivered" and len(order["shipments"][0]["events"]) == 3

    refreshed = await client.post(f"/api/v1/admin/shipments/{shipment['id']}/tracking", headers=staff)
    assert refreshed.status_code == 200 and refreshed.json()["events"][-1]["description"] == COLLECTED["context"]


async def test_bulk_shipping_a_gb18030_file_reports_each_row(client, uow_factory, tenant, clock, db) -> None:
    paid = await make_paid(uow_factory, tenant, clock, "0192f0c0-0000-7000-8000-00000000b0a1")
    staff = await staff_headers(client, tenant)
    text = f"订单号,物流公司,物流单号\r\n{paid.order.number},中通快递,ZT77\r\nSO20990101000009,圆通,YT1\r\n"
    files = {"file": ("发货.csv", text.encode("gb18030"), "text/csv")}
    report = (await client.post("/api/v1/admin/shipments/bulk", headers=staff, files=files)).json()
    assert (report["shipped"], report["failed"]) == (1, 1)
    assert report["rows"][1]["code"] == "not_found" and report["rows"][1]["message"]["zh-CN"]
    order = (await client.get(f"/api/v1/admin/orders/{paid.order.id}", headers=staff)).json()
    assert order["status"] == "shipped" and order["shipments"][0]["carrier"] == "zto"

    bad = await client.post(
        "/api/v1/admin/shipments/bulk", headers=staff, files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "bulk_ship_file_invalid"
    template = await client.get("/api/v1/admin/shipments/bulk/template.csv", headers=staff)
    assert template.text.lstrip("\ufeff").startswith("订单号,物流公司,物流单号")
    other = await staff_headers(client, await new_tenant(db))
    theirs = await client.post(
        "/api/v1/admin/shipments/bulk", headers=other,
        files={"file": ("x.csv", f"订单号,物流公司,物流单号\n{paid.order.number},sf,SF1\n".encode(), "text/csv")},
    )  # fmt: skip
    assert theirs.json()["rows"][0]["code"] == "not_found"
