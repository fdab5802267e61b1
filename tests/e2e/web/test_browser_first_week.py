"""The console pages of a shop's first week in Chromium, at a desktop (1280 px) and a tablet (768 px) width:
the dashboard's 待办 leads to the low-stock rows, the inventory page finds a row by SKU and confirms an alert
set on it in place, the product list shows the picture, units left and units sold. Nothing overflows sideways,
no script error or CSP violation; screenshots are left in artefacts/screenshots."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.web.conftest import console_sign_in, watch_script_errors

pytestmark = pytest.mark.browser


def _seed(live_shop, sku: str) -> str:  # type: ignore[no-untyped-def]
    """A product with a picture and 3 units in the warehouse, alerting at 5 (so it is low): its stock row id."""
    token = httpx.post(
        f"{live_shop.url}/api/v1/auth/token",
        json={"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password},
    ).json()["access_token"]
    staff = {"Authorization": f"Bearer {token}"}
    product = {
        "name": f"白牡丹 {sku}",
        "status": "active",
        "images": [{"url": "/static/favicon.svg"}],
        "variants": [{"sku": sku, "price": 6800}],
    }
    created = httpx.post(f"{live_shop.url}/api/v1/admin/products", json=product, headers=staff).json()
    warehouse = httpx.get(f"{live_shop.url}/api/v1/admin/locations?kind=warehouse", headers=staff).json()[0]["id"]
    receipt = {"variant_id": created["variants"][0]["id"], "location_id": warehouse, "quantity": 3}
    row = httpx.post(f"{live_shop.url}/api/v1/admin/stock/receipts", json=receipt, headers=staff).json()
    alert = httpx.patch(
        f"{live_shop.url}/api/v1/admin/stock/{row['id']}", json={"low_stock_threshold": 5}, headers=staff
    )
    assert alert.json()["low_stock"] is True
    return str(row["id"])


def _fits(page, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"


@pytest.mark.parametrize("width", [1280, 768])
def test_from_the_to_do_to_a_low_stock_row_and_its_alert(browser, live_shop, shot, width: int) -> None:  # type: ignore[no-untyped-def]
    sku = f"BMD-{uuid.uuid4().hex[:6].upper()}"
    stock_id = _seed(live_shop, sku)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en")
    page = context.new_page()
    script_errors = watch_script_errors(page)
    console_sign_in(page, live_shop)

    page.goto(f"{live_shop.url}/console")
    low = page.locator("[data-to-do=low_stock]")
    assert int(low.locator("[data-count]").inner_text()) >= 1
    assert page.locator("[data-figure=refunds]").is_visible() and page.locator("[data-figure=net]").is_visible()
    _fits(page, "dashboard", width)
    shot(page, f"console-first-week-dashboard-{width}")

    low.click()
    page.wait_for_url("**/console/inventory?low=1")
    assert page.locator(f"#stock-{stock_id}[data-low-stock]").count() == 1
    page.fill("input[name=q]", sku)
    page.click("form[action='/console/inventory'] button[type=submit]")
    page.wait_for_url(f"**q={sku}**")
    row = page.locator(f"#stock-{stock_id}")
    assert page.locator("tr[data-stock]").count() == 1
    row.locator("summary").click()
    row.locator("input[name=threshold]").fill("2")
    row.locator("form[data-thresholds] button").click()
    page.wait_for_selector(f"[data-saved='{stock_id}']")
    confirmed = page.locator("#flash").inner_text()  # in the owner's language
    assert sku in confirmed and "Main warehouse" in confirmed and " 2 " in confirmed
    assert page.locator(f"#stock-{stock_id} [data-threshold]").inner_text() == "2"
    assert page.locator(f"#stock-{stock_id}[data-low-stock]").count() == 0  # 3 available, alert at 2: fine now
    _fits(page, "inventory", width)
    shot(page, f"console-first-week-inventory-{width}")

    page.goto(f"{live_shop.url}/console/products?q={sku}")
    product = page.locator("tr[data-product]")
    assert product.locator("img[data-thumb]").is_visible()
    assert (
        product.locator("[data-stock]").inner_text().startswith("3")
        and product.locator("[data-sold]").inner_text() == "0"
    )
    _fits(page, "products", width)
    shot(page, f"console-first-week-products-{width}")
    assert script_errors == []
    context.close()
