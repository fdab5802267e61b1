"""The product page's 门店库存 block in Chromium on a phone, in zh-CN and en: each store's level, then the
nearest store with stock from a chosen city (zh-CN) or the browser's own point (en, through static/shop.js).

The stores live in a shop of their own: the shared live shop's tests take its first location for the warehouse.
"""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal

import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.core.actors import SYSTEM
from shoal.core.uow import Database
from shoal.identity.service import create_tenant
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from tests.e2e.web.conftest import watch_script_errors

pytestmark = pytest.mark.browser
SLUG = "storestock"
WORDS = {
    "zh-CN": {"title": "门店库存", "in_stock": "有货", "none": "无货", "west_lake": "西湖店", "far": "公里"},
    "en": {"title": "Stock in stores", "in_stock": "In stock", "none": "Out of stock", "west_lake": "West Lake store",
           "far": "km"},
}  # fmt: skip


async def _seed(url: str) -> str:
    db = Database(url)
    tenant = await create_tenant(
        db.uow(), slug=SLUG, name="Store Stock", owner_email="owner@stores.test", owner_password="owner-pass-123"
    )

    def uow():  # type: ignore[no-untyped-def]
        return db.uow(tenant_id=tenant.id, actor=SYSTEM)

    west_lake = await create_location(uow(), data=LocationCreate(
        code="ST-HZ", kind="store", name="西湖店", name_translations={"en": "West Lake store"},
        address={"province": "浙江省", "city": "杭州市", "line1": "龙井路 1 号"}, opening_hours="每天 10:00-22:00",
        latitude=Decimal("30.2590"), longitude=Decimal("120.1490"),
    ))  # fmt: skip
    await create_location(uow(), data=LocationCreate(
        code="ST-SH", kind="store", name="南京路店", name_translations={"en": "Nanjing Road store"},
        address={"province": "上海市", "city": "上海市"}, latitude=Decimal("31.2304"), longitude=Decimal("121.4737"),
    ))  # fmt: skip
    product = await create_product(
        uow(), data=ProductCreate(name="明前龙井 250g", status="active", price=16800, sku="LJ-250", handle="lj-250")
    )
    await receive_stock(uow(), variant_id=product.variants[0].id, location_id=west_lake.id, quantity=20)
    await db.dispose()
    return product.id


@pytest.fixture(scope="module")
def product_page(live_shop) -> str:  # type: ignore[no-untyped-def]
    """Seeded on a thread of its own: the Playwright loop may already run on this one."""
    found: dict[str, str] = {}
    seeding = threading.Thread(target=lambda: found.update(id=asyncio.run(_seed(live_shop.database_url))))
    seeding.start()
    seeding.join()
    return f"{live_shop.url}/shop/{SLUG}/p/{found['id']}"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_product_page_shows_store_stock_and_the_nearest(browser, product_page, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[locale]
    shanghai = {"latitude": 31.2304, "longitude": 121.4737}
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale=locale, is_mobile=True,
                                geolocation=shanghai, permissions=["geolocation"])  # fmt: skip
    page = phone.new_page()
    script_errors = watch_script_errors(page)
    page.goto(product_page)
    page.locator("#store-stock h2").wait_for()
    assert page.locator("#store-stock h2").inner_text() == words["title"]
    assert page.locator("[data-store-level=in_stock]").inner_text().endswith(words["in_stock"])
    assert page.locator("[data-store-level=none]").inner_text().endswith(words["none"])
    if locale == "zh-CN":
        page.select_option("#store-stock-where select[name=city]", "上海市")
        page.click("#store-stock-where button[type=submit]")
    else:
        page.click("#store-stock-where [data-locate]")
    nearest = page.locator("#nearest-store")
    nearest.wait_for()
    assert words["west_lake"] in nearest.inner_text() and words["far"] in nearest.inner_text()
    assert page.locator("#store-list li").first.get_attribute("data-store-level") == "none"  # Shanghai's, nearer
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, f"shop-store-stock-{locale}")
    assert script_errors == []
    phone.close()
