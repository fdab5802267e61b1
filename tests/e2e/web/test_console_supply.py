"""Console supply pages over HTTP on both databases: a supplier and its SKU terms, a purchase order drafted from
SKU lines, sent, received in part (stock goes up, an over-receipt is refused until ticked, a retried submit books
once), its print view and CSV; the refusals sit under their inputs in the operator's language; the forecast and
replenishment pages from a stored forecast, accepted into drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import httpx
import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.inventory import service_stock
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.supply.models import ForecastPoint, ForecastRun
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true"}


@dataclass
class Shop:
    warehouse: str
    store: str
    variant_id: str


@pytest.fixture
async def shop(uow_factory) -> Shop:  # type: ignore[no-untyped-def]
    warehouse = await create_location(uow_factory(), data=LocationCreate(code="WH", kind="warehouse", name="Main DC"))
    store = await create_location(uow_factory(), data=LocationCreate(code="ST", kind="store", name="Xuhui store"))
    product = await create_product(
        uow_factory(),
        data=ProductCreate(name="Jasmine tea", status="active", variants=[{"sku": "TEA-1", "price": 3900}]),
    )
    return Shop(warehouse.id, store.id, product.variants[0].id)


async def _on_hand(uow_factory, shop: Shop) -> dict[str, int]:  # type: ignore[no-untyped-def]
    page = await service_stock.list_stock(uow_factory(), limit=50, cursor=None, location_id=None)
    return {row.location_id: row.on_hand for row in page.items if row.variant_id == shop.variant_id}


async def _supplier(web: httpx.AsyncClient) -> str:
    supplier = {"code": "FD-1", "name": "福鼎茶厂", "payment_terms": "net_30"}
    made = await web.post("/console/supply/suppliers", data=supplier, headers=HX)
    assert made.status_code == 204, made.text
    supplier_id = made.headers["hx-redirect"].rsplit("/", 1)[1]
    item = {"sku": "TEA-1", "cost_price": "12.50", "pack_size": "6", "min_order_quantity": "12", "lead_time_days": "7"}
    saved = await web.post(f"/console/supply/suppliers/{supplier_id}/items", data=item, headers=HX)
    assert saved.status_code == 204, saved.text
    return supplier_id


async def test_a_purchase_order_is_drafted_sent_received_in_part_printed_and_exported(
    web: httpx.AsyncClient, tenant, shop, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/locale", data={"locale": "en"}, headers=HX)
    supplier_id = await _supplier(web)
    page = await web.get(f"/console/supply/suppliers/{supplier_id}")
    assert "TEA-1" in page.text and "12.50" in page.text and "Net 30 days" in page.text

    form = {"supplier_id": supplier_id, "location_id": shop.warehouse, "lines": "TEA-1 24"}
    created = await web.post("/console/supply/purchase-orders", data=form, headers=HX)
    assert created.status_code == 204, created.text
    order_url = created.headers["hx-redirect"]
    assert (await web.post(order_url + "/send", headers=HX)).status_code == 204

    order = await web.get(order_url)
    key = re.search(r'name="receive_key" value="([^"]+)"', order.text).group(1)  # type: ignore[union-attr]
    receipt = {f"receive.{shop.variant_id}": "10", "receive_key": key}
    assert (await web.post(order_url + "/receive", data=receipt, headers=HX)).status_code == 204
    assert (await web.post(order_url + "/receive", data=receipt, headers=HX)).status_code == 204  # a retry
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10}
    order = await web.get(order_url)
    assert 'data-status="partially_received"' in order.text and "125.00" in order.text  # 10 x 12.50 received

    over = {f"receive.{shop.variant_id}": "20", "receive_key": "another"}
    refused = await web.post(order_url + "/receive", data=over, headers=HX)
    assert refused.status_code == 422 and "needs over-receipt allowed" in refused.text
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10}

    printed = await web.get(order_url + "/print")
    assert "福鼎茶厂" in printed.text and "300.00" in printed.text and "<script>" not in printed.text
    csv = await web.get(order_url + "/export.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "24" in csv.text
    listing = await web.get("/console/supply/purchase-orders?status=partially_received")
    assert order_url.rsplit("/", 1)[1] in listing.text
    assert order_url.rsplit("/", 1)[1] not in (await web.get("/console/supply/purchase-orders?status=draft")).text


async def test_refusals_sit_under_their_inputs_in_chinese(web: httpx.AsyncClient, tenant, shop) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    supplier_id = await _supplier(web)
    taken = await web.post("/console/supply/suppliers", data={"code": "FD-1", "name": "又一家"}, headers=HX)
    assert taken.status_code == 422 and "供应商编码 FD-1 已被使用" in taken.text
    item = await web.post(f"/console/supply/suppliers/{supplier_id}/items", data={"sku": "NOPE", "cost_price": "abc"},
                          headers=HX)  # fmt: skip
    assert item.status_code == 422
    assert 'data-error-for="sku"' in item.text and 'data-error-for="cost_price"' in item.text
    order = {"supplier_id": supplier_id, "location_id": shop.warehouse, "lines": "TEA-1 many"}
    lines = await web.post("/console/supply/purchase-orders", data=order, headers=HX)
    assert lines.status_code == 422 and 'data-error-for="lines"' in lines.text and "第 1 行" in lines.text
    page = await web.get("/console/supply/purchase-orders")
    for word in ("采购单", "供应商", "需求预测", "补货建议", "新建采购单"):
        assert word in page.text


async def test_forecast_and_suggestions_pages_accept_into_drafts(
    web: httpx.AsyncClient, tenant, shop, uow_factory, clock
) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await _supplier(web)
    await service_stock.receive_stock(
        uow_factory(), variant_id=shop.variant_id, location_id=shop.warehouse, quantity=30
    )
    async with uow_factory() as uow:
        run = ForecastRun(tenant_id=uow.tenant_id, status="done", frequency="week", horizon=4, done=2, total=2,
                          created_by="test", created_at=clock.now())  # fmt: skip
        uow.s.add(run)
        await uow.s.flush()
        for location in (shop.warehouse, shop.store):
            for k in range(4):
                uow.s.add(ForecastPoint(
                    tenant_id=uow.tenant_id, run_id=run.id, variant_id=shop.variant_id, location_id=location,
                    period=clock.now().date() + timedelta(weeks=k), forecast=20.0, lo80=12.0, hi80=28.0,
                    method="auto_ets", error_sd=6.0,
                ))  # fmt: skip
        await uow.commit()

    chart = await web.get("/console/supply/forecast")  # the staff's language: zh-CN
    assert 'id="forecast-chart"' in chart.text and "指数平滑" in chart.text and "TEA-1 · " in chart.text
    assert 'data-frequency="week"' in chart.text and "按周预测" in chart.text
    suggested = await web.get("/console/supply/replenishment")
    assert "福鼎茶厂" in suggested.text and "Xuhui store" in suggested.text and "Main DC" in suggested.text
    moved = await web.post("/console/supply/replenishment/transfers/accept", data={}, headers=HX)
    assert moved.headers["hx-redirect"] == "/console/inventory/transfers?status=draft"
    assert "TEA-1 × " in (await web.get("/console/inventory/transfers?status=draft")).text
    accepted = await web.post("/console/supply/replenishment/accept", data={"service_level": "0.95"}, headers=HX)
    assert accepted.headers["hx-redirect"] == "/console/supply/purchase-orders?status=draft"
    assert "福鼎茶厂" in (await web.get("/console/supply/purchase-orders?status=draft")).text
    bad = await web.post("/console/supply/replenishment/accept", data={"service_level": "2"}, headers=HX)
    assert bad.headers.get("hx-retarget") == "#flash" and "hx-redirect" not in bad.headers  # shown, nothing made
