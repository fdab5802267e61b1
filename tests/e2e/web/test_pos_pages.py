"""The till pages over HTTP on both databases: the shift opened with a float at a chosen store, a basket scanned
(an unknown code said, the basket kept), paid in cash with change, its receipt, an offline sale short of stock
listed for staff and completed once the stock came, and the shift closed with the counted cash and its
difference. The browser test at tablet width is in test_browser_pos.py."""

from __future__ import annotations

import re
import uuid

import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true"}


@pytest.fixture
async def store(uow_factory) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    store = await create_location(uow_factory(), data=LocationCreate(code="ST", kind="store", name="徐汇店"))
    product = await create_product(
        uow_factory(), data=ProductCreate(name="茉莉花茶", status="active", variants=[{"sku": "TEA-1", "price": 3900,
                                                                                        "barcode": "6901234567892"}]),
    )  # fmt: skip
    await receive_stock(uow_factory(), variant_id=product.variants[0].id, location_id=store.id, quantity=5)
    return store.id, product.variants[0].id


async def test_a_shift_a_cash_sale_its_receipt_a_flagged_sale_and_the_close(web, tenant, store, uow_factory) -> None:  # type: ignore[no-untyped-def]
    store, variant_id = store
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    first = await web.get("/console/pos")
    assert first.status_code == 200 and 'id="open-shift"' in first.text and "徐汇店" in first.text
    opened = await web.post("/console/pos/shift", data={"location_id": store, "opening_float": "100"}, headers=HX)
    assert opened.headers.get("hx-redirect") == "/console/pos", opened.text
    till = await web.get("/console/pos")
    sale_id = re.search(r'name="sale_id" value="([^"]+)"', till.text).group(1)  # type: ignore[union-attr]

    scanned = await web.post("/console/pos/basket", data={"scan": "6901234567892"}, headers=HX)
    assert 'id="basket-total">¥39.00' in scanned.text and 'name="code" value="TEA-1"' in scanned.text
    unknown = await web.post("/console/pos/basket", data={"code": "TEA-1", "qty": "2", "scan": "NOPE"}, headers=HX)
    assert 'id="basket-error"' in unknown.text and "¥78.00" in unknown.text

    basket = {"sale_id": sale_id, "code": "TEA-1", "qty": "2"}
    short = await web.post("/console/pos/sales", data={**basket, "cash": "50"}, headers=HX)
    assert 'id="pay-error"' in short.text and "¥78.00" in short.text
    paid = await web.post("/console/pos/sales", data={**basket, "cash": "100"}, headers=HX)
    assert 'id="change">¥22.00' in paid.text, paid.text
    receipt_url = re.search(r'href="(/console/pos/sales/[^"]+/receipt)"', paid.text).group(1)  # type: ignore[union-attr]
    receipt = await web.get(receipt_url)
    assert 'id="receipt-total">¥78.00' in receipt.text and "找零" in receipt.text and sale_id not in receipt.text

    token = await web.post("/api/v1/auth/token", json={"tenant": tenant.slug, "email": tenant.owner_email,
                                                        "password": tenant.owner_password})  # fmt: skip
    offline = {"sale_id": uuid.uuid4().hex, "lines": [{"code": "TEA-1", "quantity": 4}], "cash_tendered": 15_600,
               "offline": True}  # fmt: skip
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await web.post("/api/v1/pos/sales", json=offline, headers=bearer)).json()["status"] == "flagged"
    shift = await web.get("/console/pos/shift")
    assert 'id="expected-cash">¥178.00' in shift.text and "上传时库存不足" in shift.text
    await receive_stock(uow_factory(), variant_id=variant_id, location_id=store, quantity=1)
    flagged = re.search(r'hx-post="(/console/pos/sales/[^"]+/complete)"', shift.text).group(1)  # type: ignore[union-attr]
    assert (await web.post(flagged, headers=HX)).headers.get("hx-redirect") == "/console/pos/shift"
    shift = await web.get("/console/pos/shift")
    assert 'id="flagged-sales"' not in shift.text and 'id="expected-cash">¥334.00' in shift.text
    shift_id = re.search(r"/console/pos/shift/([^/]+)/close", shift.text).group(1)  # type: ignore[union-attr]
    report = await web.get("/console/pos/report")
    assert "徐汇店" in report.text and "¥117.00" in report.text and "¥234.00" in report.text  # 2 sales, ¥234
    closed = await web.post(f"/console/pos/shift/{shift_id}/close", data={"counted_cash": "333.50"}, headers=HX)
    assert 'id="shift-closed"' in closed.text and 'id="difference">-¥0.50' in closed.text


async def test_the_till_uploads_a_queued_sale_once_and_flags_one_without_stock(web, tenant, store) -> None:  # type: ignore[no-untyped-def]
    store, _ = store
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/pos/shift", data={"location_id": store, "opening_float": "0"}, headers=HX)
    queued = {"sale_id": uuid.uuid4().hex, "code": "TEA-1", "qty": "2", "cash": "100",
              "sold_at": "2026-11-30T09:15:00Z"}  # fmt: skip
    first, again = [await web.post("/console/pos/sales/offline", data=queued, headers=HX) for _ in range(2)]
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert first.json() == {"recorded": True, "status": "completed"}
    no_stock = {**queued, "sale_id": uuid.uuid4().hex, "qty": "9", "cash": "400"}
    assert (await web.post("/console/pos/sales/offline", data=no_stock, headers=HX)).json()["status"] == "flagged"
    bad = await web.post("/console/pos/sales/offline", data={**queued, "sale_id": "x"}, headers=HX)
    assert bad.status_code == 422 and bad.json()["recorded"] is False
    shift = await web.get("/console/pos/shift")
    assert 'id="expected-cash">¥78.00' in shift.text and "上传时库存不足" in shift.text  # the sale taken once
