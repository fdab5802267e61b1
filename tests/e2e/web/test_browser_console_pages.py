"""Every console page, in Chromium at a desktop (1280 px) and a tablet (768 px) width: it renders in the
operator's language, nothing overflows sideways at 768 px, the browser reports no script error and no
Content-Security-Policy violation, and a
screenshot of each is left in artefacts/screenshots for reviewers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.web.conftest import console_sign_in, watch_script_errors

pytestmark = pytest.mark.browser

PAGES = {
    "dashboard": "/console",
    "products": "/console/products",
    "product-new": "/console/products/new",
    "categories": "/console/categories",
    "import": "/console/import",
    "inventory": "/console/inventory",
    "transfers": "/console/inventory/transfers",
    "ledger": "/console/inventory/ledger",
    "orders": "/console/orders",
    "pickup": "/console/orders/pickup",
    "bulk-ship": "/console/orders/bulk-ship",
    "after-sales": "/console/after-sales",
    "members": "/console/customers",
    "member-levels": "/console/members/levels",
    "points-rules": "/console/members/points-rules",
    "top-up-plans": "/console/members/top-up-plans",
    "gift-cards": "/console/members/gift-cards",
    "membership-cards": "/console/members/cards",
    "points-mall": "/console/members/points-mall",
    "staff": "/console/staff",
    "marketing": "/console/marketing",
    "marketing-promotion-new": "/console/marketing/promotions/new",
    "marketing-promotion-percent": "/console/marketing/promotions/new?kind=percent_off",
    "marketing-promotion-n-items": "/console/marketing/promotions/new?kind=n_items",
    "marketing-coupon-new": "/console/marketing/coupons/new",
    "marketing-coupon-shipping": "/console/marketing/coupons/new?kind=free_shipping",
    "flash-sales": "/console/marketing/flash-sales",
    "flash-sale-new": "/console/marketing/flash-sales/new",
    "bargains": "/console/marketing/bargains",
    "bargain-new": "/console/marketing/bargains/new",
    "group-buys": "/console/marketing/group-buys",
    "group-buy-new": "/console/marketing/group-buys/new",
    "share-funnel": "/console/reports/share-funnel",
    "settings-shop": "/console/settings/shop",
    "settings-shipping": "/console/settings/shipping",
    "settings-shipping-new": "/console/settings/shipping/new",
    "settings-locations": "/console/settings/locations",
    "settings-location-new": "/console/settings/locations/new",
    "settings-payments": "/console/settings/payments",
}


@pytest.mark.parametrize("width", [1280, 768])
def test_every_console_page_fits_and_runs_clean(browser, live_shop, shot, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en")
    page = context.new_page()
    script_errors = watch_script_errors(page)
    console_sign_in(page, live_shop)
    locale = page.locator("html").get_attribute("lang")
    for name, path in PAGES.items():
        response = page.goto(f"{live_shop.url}{path}")
        assert response is not None and response.status == 200, name
        assert page.locator("html").get_attribute("lang") == locale
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        shot(page, f"console-{name}-{width}")
    _fill_a_variant_grid(page, live_shop, shot, width)
    assert script_errors == []
    context.close()


def _fill_a_variant_grid(page, live_shop, shot, width: int) -> None:  # type: ignore[no-untyped-def]
    """颜色 × 尺码 on the new-product form: the grid is redrawn as the dimensions are typed, and the batch row
    fills it without overwriting a typed SKU; the filled grid still fits, and saves six variants."""
    page.goto(f"{live_shop.url}/console/products/new")
    page.fill("#f-name", f"Polo 衫 {width}")
    page.fill("input[name='dims.0.name']", "颜色")
    page.fill("input[name='dims.0.values']", "红, 蓝")
    page.press("input[name='dims.0.values']", "Tab")  # leaving the field is a change: the grid is redrawn
    page.locator("tr[data-variant='蓝']").wait_for()
    page.fill("input[name='variants.1.sku']", "POLO-BLUE")
    page.fill("input[name='dims.1.name']", "尺码")
    page.fill("input[name='dims.1.values']", "S, M, L")
    page.press("input[name='dims.1.values']", "Tab")
    page.locator("tr[data-variant='蓝 / L']").wait_for()
    assert page.locator("tr[data-variant]").count() == 6
    page.fill("input[name='variants.0.sku']", f"POLO{width}-RS")
    page.fill("input[name='batch.sku']", f"POLO{width}")
    page.fill("input[name='batch.price']", "59.90")
    page.fill("input[name='batch.stock']", "10")
    page.click("tr.batch button")
    expect(page.locator("input[name='variants.5.sku']")).to_have_value(f"POLO{width}-2-3")
    # The batch SKU is a prefix for the rows without one; the blue row typed before the sizes came is no
    # combination any more, so its SKU is not carried over.
    assert page.input_value("input[name='variants.0.sku']") == f"POLO{width}-RS"
    assert page.input_value("input[name='variants.3.sku']") == f"POLO{width}-2-1"
    assert page.input_value("input[name='variants.3.price']") == "59.90"
    page.fill("input[name='variants.2.price']", "69.90")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the variant grid overflows by {overflow}px at {width}px"
    shot(page, f"console-product-grid-{width}")
    page.select_option("#f-status", "active")
    page.select_option("#f-location_id", label="Main warehouse")
    page.click("#product-form button[type=submit]:not([hx-post])")
    page.locator(f"tr[data-sku='POLO{width}-2-3']").wait_for()
    _add_a_colour(page, shot, width)
    # The list's status badge ("On sale", 在售) stays on one line in its narrow cell.
    page.goto(f"{live_shop.url}/console/products")
    badge = page.locator(".badge").first.bounding_box()
    font_size = page.locator(".badge").first.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    assert badge is not None and badge["height"] < 2 * font_size, badge


def _add_a_colour(page, shot, width: int) -> None:  # type: ignore[no-untyped-def]
    """On the saved product's edit form, 颜色 gains 绿: three new rows to fill below the six kept ones."""
    page.goto(f"{page.url}/edit")
    page.fill("input[name='dims.0.values']", "红, 蓝, 绿")
    page.press("input[name='dims.0.values']", "Tab")
    page.locator("tr[data-variant='绿 / L']").wait_for()
    assert page.locator("tr[data-variant][data-sku]").count() == 6
    assert page.locator("tr[data-variant][data-new]").count() == 3
    for row, size in ((6, "S"), (7, "M"), (8, "L")):
        page.fill(f"input[name='variants.{row}.sku']", f"POLO{width}-G-{size}")
        page.fill(f"input[name='variants.{row}.price']", "59.90")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the edit form's variant grid overflows by {overflow}px at {width}px"
    shot(page, f"console-product-edit-grid-{width}")
    page.click("#product-form button[type=submit]:not([hx-post])")
    page.locator(f"tr[data-sku='POLO{width}-G-L']").wait_for()


def test_a_csv_import_shows_progress_then_its_report(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.imports.test_parsers import FIXTURE

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    page = context.new_page()
    console_sign_in(page, live_shop)
    page.goto(f"{live_shop.url}/console/import")
    page.set_input_files("#import-form input[type=file]", str(FIXTURE))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#result[data-status=done] [data-report]", timeout=30_000)
    assert page.locator("tr[data-row='5']").count() == 1
    shot(page, "console-import-report")
    context.close()
