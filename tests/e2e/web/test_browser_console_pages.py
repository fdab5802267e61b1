"""Every console page, in Chromium at a desktop (1280 px) and a tablet (768 px) width: it renders in the
operator's language, nothing overflows sideways at 768 px, the browser reports no script error, and a
screenshot of each is left in artefacts/screenshots for reviewers."""

from __future__ import annotations

import re

import pytest

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
    "after-sales": "/console/after-sales",
    "members": "/console/customers",
    "marketing": "/console/marketing",
}


@pytest.mark.parametrize("width", [1280, 768])
def test_every_console_page_fits_and_runs_clean(browser, live_shop, shot, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en")
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{live_shop.url}/console")
    page.fill("#f-tenant", live_shop.slug)
    page.fill("#f-email", live_shop.owner_email)
    page.fill("#f-password", live_shop.owner_password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/console$"))
    locale = page.locator("html").get_attribute("lang")
    for name, path in PAGES.items():
        response = page.goto(f"{live_shop.url}{path}")
        assert response is not None and response.status == 200, name
        assert page.locator("html").get_attribute("lang") == locale
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        shot(page, f"console-{name}-{width}")
    assert script_errors == []
    context.close()
