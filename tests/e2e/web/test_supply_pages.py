"""The supply console in Chromium, in Chinese as a buyer uses it: add a supplier and the SKU it supplies, draft a
purchase order, send it, receive part of it and see the stock, open the forecast chart (ECharts draws it), and
turn the replenishment suggestion into a draft order. No script errors or CSP violations on the way."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.e2e.web.conftest import console_sign_in, watch_script_errors

pytestmark = pytest.mark.browser

# A finished forecast run for one SKU at one location, written through the ORM in a process of its own (the
# browser's event loop owns this thread): the page under test reads forecasts, it does not make them.
SEED = """
import asyncio, sys
from datetime import date, datetime, timedelta, timezone
import shoal.main  # every model, so foreign keys resolve
from shoal.core.uow import Database
from shoal.supply.models import ForecastPoint, ForecastRun

async def main(url, tenant_id, variant_id, location_id):
    db = Database(url)
    async with db.uow(tenant_id=tenant_id) as uow:
        run = ForecastRun(tenant_id=tenant_id, status="done", frequency="week", horizon=8, done=1, total=1,
                          created_by="test", created_at=datetime.now(timezone.utc))
        uow.s.add(run)
        await uow.s.flush()
        monday = date.today() - timedelta(days=date.today().weekday())
        for k in range(8):
            uow.s.add(ForecastPoint(tenant_id=tenant_id, run_id=run.id, variant_id=variant_id,
                                    location_id=location_id, period=monday + timedelta(weeks=k),
                                    forecast=30.0 + 3 * (k % 3), lo80=20.0, hi80=42.0, method="auto_ets",
                                    error_sd=8.0))
        await uow.commit()
    await db.dispose()

asyncio.run(main(*sys.argv[1:]))
"""


def _seed(live_shop, tmp_path_factory, sku: str) -> None:  # type: ignore[no-untyped-def]
    token = httpx.post(
        f"{live_shop.url}/api/v1/auth/token",
        json={"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password},
    ).json()
    staff = {"Authorization": f"Bearer {token['access_token']}"}
    product = {"name": f"福鼎白茶 {sku}", "status": "active", "variants": [{"sku": sku, "price": 6800}]}
    variant = httpx.post(f"{live_shop.url}/api/v1/admin/products", json=product, headers=staff).json()["variants"][0]
    # The shop's warehouse, which the order below is for (other tests of this live shop add stores and dealers,
    # which list first).
    warehouse = httpx.get(f"{live_shop.url}/api/v1/admin/locations?kind=warehouse", headers=staff).json()[0]["id"]
    (database,) = {found.resolve() for found in tmp_path_factory.getbasetemp().glob("web*/shoal.db")}  # live_shop's
    tenant_id = token["refresh_token"].split(".")[0]  # refresh tokens are <tenant id>.<secret>
    url = f"sqlite+aiosqlite:///{database}"
    subprocess.run([sys.executable, "-c", SEED, url, tenant_id, variant["id"], warehouse], check=True, timeout=60)


def test_a_buyer_orders_receives_in_part_and_follows_the_forecast(browser, live_shop, shot, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    sku = f"BAI-{uuid.uuid4().hex[:5].upper()}"
    _seed(live_shop, tmp_path_factory, sku)
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    errors = watch_script_errors(page)
    console_sign_in(page, live_shop, "zh-CN")

    page.click("nav >> text=供应商")
    page.fill("#supplier-form input[name=code]", f"FD-{sku[-5:]}")
    page.fill("#supplier-form input[name=name]", "福鼎白茶厂")
    page.fill("#supplier-form input[name=contact_name]", "王经理")
    page.click("#supplier-form button[type=submit]")
    page.wait_for_url(re.compile(r"/console/supply/suppliers/[\w-]+$"))
    page.fill("#item-form input[name=sku]", sku)
    page.fill("#item-form input[name=cost_price]", "12.50")
    page.fill("#item-form input[name=pack_size]", "6")
    page.fill("#item-form input[name=min_order_quantity]", "12")
    page.click("#item-form button[type=submit]")
    page.wait_for_selector(f"#supplier-items >> text={sku}")
    assert "¥12.50" in page.inner_text("#supplier-items")
    shot(page, "console-supply-supplier-zh")

    page.click("text=新建采购单")
    page.select_option("#po-form select[name=location_id]", label="Main warehouse")
    page.fill("#po-form textarea[name=lines]", f"{sku} 24")
    page.click("#po-form button[type=submit]")
    page.wait_for_selector("#po-send")
    assert "¥300.00" in page.inner_text("#po-summary")
    page.click("#po-send")
    page.wait_for_selector("#po-receive")
    receive = page.locator("#po-lines input[name^='receive.']")
    assert receive.input_value() == "24"  # what is still open, ready to confirm
    receive.fill("10")
    page.click("#po-receive")
    page.wait_for_selector("[data-status=partially_received]")
    assert page.inner_text("#po-lines [data-received]") == "10"
    assert "¥125.00" in page.inner_text("#po-received-cost")
    shot(page, "console-supply-order-zh")

    page.click("text=在库存页查看库存")
    row = page.locator("#stock tr", has_text=sku)
    assert "10" in row.inner_text()

    page.click("nav >> text=需求预测")
    page.wait_for_selector("#forecast-chart canvas")
    assert sku in page.inner_text("#forecast-filter")
    shot(page, "console-supply-forecast-zh")

    page.click("nav >> text=补货建议")
    card = page.locator("[data-suggestion]", has_text="福鼎白茶厂")
    assert sku in card.inner_text() and "60" in card.locator("tr[data-variant] >> nth=0").inner_text()
    shot(page, "console-supply-replenishment-zh")
    card.locator("button").click()
    page.wait_for_url(re.compile(r"/console/supply/purchase-orders\?status=draft$"))
    assert "福鼎白茶厂" in page.inner_text("#purchase-orders")
    assert errors == []
    desk.close()
