"""Every storefront page on a 375 px phone in Chromium: it renders, nothing overflows sideways, the browser
reports no script error or Content-Security-Policy violation and loads no script, style or font from another
host; a screenshot of each is left for reviewers. The product page and checkout are walked through in
test_browser_flows."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.web.conftest import watch_script_errors

pytestmark = pytest.mark.browser


def test_every_shop_page_fits_a_phone_and_stays_local(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True)
    page = phone.new_page()
    script_errors = watch_script_errors(page)
    foreign: list[str] = []
    # Product pictures are the merchant's data (an imported catalogue may point at its old CDN); the pages'
    # own scripts, styles, fonts and calls must all be local.
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_shop.url) or request.resource_type == "image"
            else foreign.append(request.url)
        ),
    )
    base = f"{live_shop.url}/shop/{live_shop.slug}"
    page.goto(f"{base}/login?mode=register&next=/shop/{live_shop.slug}/me")
    shot(page, "shop-register-375")
    page.fill("#f-email", f"looker-{uuid.uuid4().hex[:6]}@example.com")
    page.fill("#f-password", "looker-pass-1")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/me")
    for name, path in {
        "home": "",
        "search": "/search?q=tea",
        "cart": "/cart",
        "coupons": "/coupons",
        "orders": "/orders",
        "me": "/me",
    }.items():
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px on a phone"
        shot(page, f"shop-{name}-375")
    assert script_errors == [] and foreign == []
    phone.close()
