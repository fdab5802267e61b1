"""The dealer network in Chromium: a dealer's buyer signs in to the portal in English, orders by the quick-order
table and sees the order and its credit; the brand's staff, in Chinese, approve and ship it on the dealer orders
page. No script errors or CSP violations on the way."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.e2e.web.conftest import console_sign_in, watch_script_errors

pytestmark = pytest.mark.browser
PASSWORD = "dealer-pass-123"


def _seed(live_shop, code: str) -> str:  # type: ignore[no-untyped-def]
    """A SKU offered to dealers with stock in the warehouse, and a dealer on net-30 credit with one buyer."""
    url = live_shop.url
    token = httpx.post(f"{url}/api/v1/auth/token", json={"tenant": live_shop.slug, "email": live_shop.owner_email,
                                                         "password": live_shop.owner_password}).json()  # fmt: skip
    staff = {"Authorization": f"Bearer {token['access_token']}"}
    sku = f"PU-{code}"
    product = {"name": f"普洱饼 {code}", "status": "active", "variants": [{"sku": sku, "price": 12800}]}
    variant = httpx.post(f"{url}/api/v1/admin/products", json=product, headers=staff).json()["variants"][0]
    warehouse = httpx.get(f"{url}/api/v1/admin/locations?kind=warehouse", headers=staff).json()[0]["id"]
    receipt = {"variant_id": variant["id"], "location_id": warehouse, "quantity": 50}
    assert httpx.post(f"{url}/api/v1/admin/stock/receipts", json=receipt, headers=staff).status_code == 201
    terms = httpx.put(f"{url}/api/v1/admin/dealer-skus", json={"sku": sku, "moq": 6, "case_pack": 6}, headers=staff)
    assert terms.status_code == 200, terms.text
    made = {"code": code, "name": f"Kunming Tea {code}", "region": "云南", "discount_bps": 2000}
    dealer = httpx.post(f"{url}/api/v1/admin/dealers", json=made, headers=staff).json()
    credit = {"credit_limit": 1_000_000, "payment_terms": "net", "terms_days": 30}
    assert httpx.put(f"{url}/api/v1/admin/dealers/{dealer['id']}/credit", json=credit, headers=staff).is_success
    buyer = {"email": f"buyer-{code.lower()}@km.test", "name": "Buyer", "password": PASSWORD, "locale": "en"}
    assert httpx.post(f"{url}/api/v1/admin/dealers/{dealer['id']}/users", json=buyer, headers=staff).is_success
    return buyer["email"]


def test_a_dealer_orders_in_the_portal_and_the_brand_ships_it(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    code = uuid.uuid4().hex[:6].upper()
    email = _seed(live_shop, code)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    errors = watch_script_errors(page)

    page.goto(f"{live_shop.url}/dealer/{live_shop.slug}/login")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#quick-order")
    row = page.locator(f"#quick-order tr[data-sku='PU-{code}']")
    assert "¥102.40" in row.inner_text()  # 20% off the list price of ¥128.00
    row.locator("input[name=qty]").fill("12")
    page.click("#quick-order button[type=submit]")
    page.wait_for_selector("#placed")
    assert "Awaiting approval" in page.inner_text("#my-orders")
    assert "¥8771.20" in page.inner_text("#credit")  # ¥10,000 less 12 × ¥102.40
    shot(page, "dealer-portal-desk-en")

    console_sign_in(page, live_shop, "zh-CN")
    page.click("nav >> text=经销商")
    page.click("text=经销订单")
    order = page.locator("#dealer-orders tr", has_text=f"Kunming Tea {code}")
    order.locator("button", has_text="同意").click()
    page.wait_for_selector(f"#dealer-orders tr:has-text('Kunming Tea {code}') >> text=已同意")
    page.locator("#dealer-orders tr", has_text=f"Kunming Tea {code}").locator("button", has_text="发货").click()
    page.wait_for_selector(f"#dealer-orders tr:has-text('Kunming Tea {code}') >> text=已发货")
    assert re.search(r"PU-\w+ × 12", page.inner_text("#dealer-orders"))
    shot(page, "console-dealer-orders-zh")
    assert errors == []
    context.close()
