"""The till in Chromium at tablet width (768 px), in Chinese then English: a shift opened at a store, two scans of
a barcode, paid in cash with the change shown, the receipt, a cash sale queued offline and uploaded once back
online, the shift closed (its cash counting the offline sale once); nothing spills sideways and no
script or CSP error."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e.web.conftest import console_sign_in, htmx_settled, watch_script_errors


def _stocked_store(url: str, email: str, password: str) -> tuple[str, str]:
    """A store with 5 units of a tea that has a barcode, made through the API."""
    tag = uuid.uuid4().hex[:6].upper()
    token = httpx.post(f"{url}/api/v1/auth/token", json={"tenant": "webshop", "email": email, "password": password})
    staff = {"Authorization": f"Bearer {token.json()['access_token']}"}
    location = {"code": f"POS-{tag}", "kind": "store", "name": f"静安店 {tag}"}
    store = httpx.post(f"{url}/api/v1/admin/locations", json=location, headers=staff).json()
    barcode = f"69{uuid.uuid4().int % 10**11:011d}"
    product = {"name": "茉莉花茶", "status": "active", "variants": [{"sku": f"POS-{tag}", "price": 3900,
                                                                     "barcode": barcode}]}  # fmt: skip
    variant = httpx.post(f"{url}/api/v1/admin/products", json=product, headers=staff).json()["variants"][0]
    received = httpx.post(f"{url}/api/v1/admin/stock/receipts", headers=staff,
                          json={"variant_id": variant["id"], "location_id": store["id"], "quantity": 5})  # fmt: skip
    assert received.status_code == 201, received.text
    return store["id"], barcode


def _sell_offline(page, url: str, barcode: str) -> None:  # type: ignore[no-untyped-def]
    """The connection drops before paying: the cash sale is queued (banner, change, an empty basket), and uploads
    once the connection is back."""
    page.goto(f"{url}/console/pos")
    page.wait_for_load_state()
    page.fill("#scan", barcode)
    page.press("#scan", "Enter")
    page.locator("#basket-total", has_text="¥39.00").wait_for()
    htmx_settled(page)
    page.context.set_offline(True)
    page.fill("#f-cash", "50")
    page.click("#pay-button")
    page.locator("#offline-banner", has_text="离线：1 笔销售待上传").wait_for()
    assert "¥11.00" in page.text_content("#offline-note") and page.locator("#basket-total").count() == 0
    page.context.set_offline(False)
    page.locator("#offline-banner").wait_for(state="hidden")


def test_a_clerk_sells_at_the_till_on_a_tablet(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    store, barcode = _stocked_store(live_shop.url, live_shop.owner_email, live_shop.owner_password)
    page = browser.new_page(viewport={"width": 768, "height": 1024})
    errors = watch_script_errors(page)
    console_sign_in(page, live_shop, "zh-CN")
    page.goto(f"{live_shop.url}/console/pos")
    page.select_option("#f-location_id", store)
    page.fill("#f-opening_float", "100")
    page.click("#open-shift button[type=submit]")
    page.wait_for_selector("#scan")
    page.wait_for_load_state()  # htmx (deferred) takes the form before the first Enter
    for total in ("¥39.00", "¥78.00"):
        page.fill("#scan", barcode)
        page.press("#scan", "Enter")
        page.locator("#basket-total", has_text=total).wait_for()
        htmx_settled(page)  # the swapped basket's autofocus takes the focus back to #scan as it settles
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#f-cash", "100")
    page.click("#pay-button")
    page.wait_for_selector("#change")
    assert page.text_content("#change") == "¥22.00" and "找零" in page.text_content("#sale-done")
    shot(page, "pos-till-768")
    page.goto(live_shop.url + page.get_attribute("#receipt-link", "href"))
    assert page.text_content("#receipt-total") == "¥78.00"
    _sell_offline(page, live_shop.url, barcode)

    switched = page.request.post(f"{live_shop.url}/console/locale", form={"locale": "en"},
                                 headers={"HX-Request": "true"})  # fmt: skip
    assert switched.ok
    page.goto(f"{live_shop.url}/console/pos/shift")
    assert page.text_content("h1") == "Shift and cash"
    page.fill("#f-counted_cash", "217")
    page.click("#close-shift button[type=submit]")
    page.wait_for_selector("#shift-closed")
    assert page.text_content("#difference") == "¥0.00" and "Expected cash in the drawer" in page.text_content("body")
    assert errors == []
    page.close()
