"""The operator and the shopper, in Chromium, in both languages.

The operator signs in, creates a product with two variants and opening stock, and publishes it; a
shopper on a 375 px phone finds it by search and sees both variants in stock. An invalid product
shows its field errors inline, keeps what was typed, and saves nothing.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.e2e.web.conftest import console_sign_in, htmx_settled

pytestmark = pytest.mark.browser

TEXT = {
    "zh-CN": {"publish": "上架", "on_sale": "在售", "in_stock": "有货", "too_short": "至少", "no_match": "没有",
              "sf": "顺丰速运", "in_transit": "在途", "no_order": "找不到", "already": "不能",
              "recipient": "请填写收货人", "update_grid": "刷新规格明细"},
    "en": {
        "publish": "Publish",
        "on_sale": "On sale",
        "in_stock": "In stock",
        "too_short": "at least",
        "no_match": "No",
        "sf": "SF Express",
        "in_transit": "In transit",
        "no_order": "No order",
        "already": "Cannot ship",
        "recipient": "Enter the recipient's name",
        "update_grid": "Update the variant grid",
    },
}  # fmt: skip


def _console(browser, live_shop, locale: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    console_sign_in(page, live_shop)
    # The owner's language is remembered on the account: switch it to the one under test.
    if page.locator("html").get_attribute("lang") != locale:
        page.select_option("nav select[name=locale]", locale)
        # A selector, not wait_for_function: the page's CSP forbids the eval that a JavaScript predicate needs.
        page.locator(f"html[lang='{locale}']").wait_for(state="attached")
    return context, page


def _publish_product(page, live_shop, words, tag: str, name: str, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The operator creates a product with two variants and opening stock, checks the stock, publishes it."""
    page.goto(f"{live_shop.url}/console/products/new")
    page.fill("#f-name", name)
    page.fill("input[name='dims.0.name']", "Size")
    page.fill("input[name='dims.0.values']", "50g, 100g")
    page.click("button:has-text('" + words["update_grid"] + "')")
    page.locator("tr[data-variant='100g']").wait_for()
    htmx_settled(page)
    page.select_option("#f-location_id", label="Main warehouse")
    for row, (value, price, stock) in enumerate([("50g", "19.90", "5"), ("100g", "35.00", "20")]):
        page.fill(f"input[name='variants.{row}.sku']", f"T{tag}-{value}")
        page.fill(f"input[name='variants.{row}.price']", price)
        page.fill(f"input[name='variants.{row}.stock']", stock)
    shot(page, f"console-product-new-{locale}")
    page.click("#product-form button[type=submit]:not([hx-post])")  # the form's own submit, not "update the grid"
    page.wait_for_url(re.compile(r"/console/products/[0-9a-f-]{36}$"))
    assert page.locator(f"tr[data-sku='T{tag}-50g']").inner_text().split()[-1] == "5"
    assert page.locator(f"tr[data-sku='T{tag}-100g']").inner_text().split()[-1] == "20"
    page.get_by_role("button", name=words["publish"]).click()
    page.wait_for_selector(f"text={words['on_sale']}")
    shot(page, f"console-product-detail-{locale}")


def _post_tracking(live_shop, shipment_id: str, number: str) -> None:  # type: ignore[no-untyped-def]
    """快递100 (the mock speaks its format) posts the parcel's first checkpoints to the shop's callback."""
    from tests.integration.orders.test_shipments import ARRIVED, COLLECTED, push

    token = httpx.post(
        f"{live_shop.url}/api/v1/auth/token",
        json={"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password},
    ).json()
    tenant_id = token["refresh_token"].split(".")[0]  # refresh tokens are <tenant id>.<secret>
    form = push(tenant_id, shipment_id, number=number, state="0", data=[ARRIVED, COLLECTED])
    answer = httpx.post(f"{live_shop.url}/api/v1/tracking/mock/callback/{tenant_id}/{shipment_id}", data=form)
    assert answer.status_code == 200, answer.text


def _packing_slip_and_bulk_shipping(page, live_shop, words, number: str, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The order's printable packing slip, the order page at tablet width, and a bulk-shipping file whose rows
    cannot ship (this order already did, the other does not exist), each reported with its reason."""
    order_url = page.url
    page.goto(f"{order_url}/packing-slip")
    assert page.locator("#slip-number").inner_text() == number
    assert page.locator(f"svg[data-qr='{number}']").count() == 1
    assert "张三" in page.locator("#slip-recipient").inner_text()
    shot(page, f"console-packing-slip-{locale}")
    page.set_viewport_size({"width": 768, "height": 900})
    for url in (order_url, f"{order_url}/packing-slip"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_shop.url}/console/orders")
    page.click("#bulk-ship-link")
    csv = f"订单号,物流公司,物流单号\n{number},中通,ZT1\nSO20990101000001,圆通,YT1\n".encode("gb18030")
    page.set_input_files(
        "#bulk-ship-form input[type=file]", files=[{"name": "ship.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.click("#bulk-ship-form button[type=submit]")
    page.wait_for_selector("#result [data-report]")
    assert page.locator("[data-report]").get_attribute("data-failed") == "2"
    assert words["already"] in page.locator("tr[data-row='2']").inner_text()
    assert words["no_order"] in page.locator("tr[data-row='3']").inner_text()
    shot(page, f"console-bulk-ship-{locale}")
    page.goto(order_url)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_operator_publishes_and_shopper_finds_it(browser, live_shop, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    words = TEXT[locale]
    tag = uuid.uuid4().hex[:6]
    name = f"Tea {tag}"
    context, page = _console(browser, live_shop, locale)
    shot(page, f"console-dashboard-{locale}")

    _publish_product(page, live_shop, words, tag, name, shot, locale)

    page.goto(f"{live_shop.url}/console/products?q={tag}")
    assert page.locator("tbody tr").count() == 1
    shot(page, f"console-products-{locale}")
    page.goto(f"{live_shop.url}/console/inventory")
    shot(page, f"console-inventory-{locale}")
    context.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale=locale, is_mobile=True)
    shop = phone.new_page()
    shop.goto(f"{live_shop.url}/shop/{live_shop.slug}")
    assert shop.locator("html").get_attribute("lang") == locale
    shot(shop, f"shop-home-{locale}")
    shop.fill("header input[name=q]", tag)
    shop.press("header input[name=q]", "Enter")
    shop.wait_for_url(re.compile(r"/search\?q="))
    shot(shop, f"shop-search-{locale}")
    shop.click(f"text={name}")
    shop.wait_for_url(re.compile(r"/p/[0-9a-f-]{36}$"))
    chips = shop.locator(".chips label.chip")
    assert chips.count() == 2
    assert all(words["in_stock"] in chips.nth(i).inner_text() or "5" in chips.nth(i).inner_text() for i in range(2))
    shot(shop, f"shop-product-{locale}")
    size = len(shop.content().encode()) + sum(
        len(shop.evaluate(f"fetch('{src}').then(r => r.text())").encode())
        for src in ("/static/shoal.css", "/static/vendor/htmx.min.js")
    )
    assert size < 100 * 1024, size
    phone.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_invalid_product_shows_field_errors_and_saves_nothing(browser, live_shop, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    words = TEXT[locale]
    tag = uuid.uuid4().hex[:6]
    context, page = _console(browser, live_shop, locale)
    page.goto(f"{live_shop.url}/console/products/new")
    page.fill("#f-name_en", f"Nameless {tag}")
    page.fill("input[name='variants.0.sku']", f"BAD{tag}")
    page.fill("input[name='variants.0.price']", "abc")
    page.click("#product-form button[type=submit]:not([hx-post])")  # the form's own submit, not "update the grid"
    page.wait_for_selector("[data-error-for='variants.0.price']")
    assert page.locator("[data-error-for='name']").is_visible()
    assert words["too_short"] in page.locator("[data-error-for='name']").inner_text()
    assert page.input_value("input[name='variants.0.sku']") == f"BAD{tag}"
    assert page.input_value("#f-name_en") == f"Nameless {tag}"
    shot(page, f"console-product-errors-{locale}")
    page.goto(f"{live_shop.url}/console/products?q=BAD{tag}")
    assert page.locator("tbody tr").count() == 1
    assert words["no_match"] in page.locator("tbody tr").inner_text()
    context.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_shopper_buys_pays_and_sees_the_order_shipped(browser, live_shop, shot, locale: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SHOAL_TRACKING_PROVIDER", "mock")  # read per request: the live server in this process sees it
    words = TEXT[locale]
    tag = uuid.uuid4().hex[:6]
    name = f"Cup {tag}"
    console, page = _console(browser, live_shop, locale)
    _publish_product(page, live_shop, words, tag, name, shot, f"buy-{locale}")

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale=locale, is_mobile=True)
    shop = phone.new_page()
    base = f"{live_shop.url}/shop/{live_shop.slug}"
    shop.goto(f"{base}/login?mode=register&next=/shop/{live_shop.slug}/me")
    shop.fill("#f-email", f"buyer-{tag}@example.com")
    shop.fill("#f-password", "buyer-pass-1")
    shop.click("form button[type=submit]")
    shop.wait_for_url(f"{base}/me")
    shop.goto(f"{base}/search?q={tag}")
    shop.click(f"text={name}")
    shop.wait_for_url(re.compile(r"/p/[0-9a-f-]{36}$"))
    # The headline price follows the chosen variant; the stepper sets how many.
    assert shop.inner_text("#price") == "¥19.90"
    shop.click(f"label.chip[data-sku='T{tag}-100g']")
    assert shop.inner_text("#price") == "¥35.00"
    shop.click("#buy [data-step='1']")
    assert shop.input_value("#quantity") == "2"
    shot(shop, f"shop-product-chosen-{locale}")
    shop.click("#add-to-cart")
    shop.wait_for_url(re.compile(r"/cart$"))
    line = shop.locator(f"[data-line='T{tag}-100g']")
    assert "100g" in line.locator("[data-variant]").inner_text() and line.locator("[data-quantity]").inner_text() == "2"
    line.locator("[data-less]").click()  # − then the totals are priced again
    shop.wait_for_selector("#cart-total:has-text('35.00')")
    shop.click("#checkout button[type=submit]")  # nothing filled in: each field says what is missing
    shop.wait_for_selector("[data-error-for=phone]")
    assert words["recipient"] in shop.inner_text("[data-error-for=name]")
    assert words["too_short"] not in shop.inner_text("#checkout")
    shop.fill("#f-name", "张三")
    shop.fill("#f-phone", "13800138000")
    for level, place in [("province", "浙江省"), ("city", "杭州市"), ("district", "西湖区")]:
        shop.wait_for_selector(f"#f-{level}:not([disabled]) option:text('{place}')", state="attached")
        # htmx listens on a swapped-in picker only once it has settled: a change before that would go unheard.
        shop.wait_for_selector("#region-picker:not(.htmx-added):not(.htmx-settling)", state="attached")
        shop.select_option(f"#f-{level}", label=place)
    shop.wait_for_selector("#f-district option[value='330106'][selected]", state="attached")
    shop.fill("#f-line1", "龙井路 1 号")
    overflow = shop.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the cart overflows by {overflow}px on a phone"
    shot(shop, f"shop-cart-{locale}")
    shop.click("#checkout button[type=submit]")
    shop.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    assert shop.locator("#order-status [data-status]").get_attribute("data-status") == "pending_payment"
    shop.click("#pay")
    shop.wait_for_selector("#order-status [data-status=paid]")
    shot(shop, f"shop-order-paid-{locale}")
    number = shop.locator("h1").inner_text().split()[-1]

    page.goto(f"{live_shop.url}/console/orders?q={number}")
    shot(page, f"console-orders-{locale}")
    page.click(f"text={number}")
    page.fill("#f-tracking_number", f"SF{tag}")
    page.click("#ship-form button[type=submit]")  # no carrier chosen: said beside the field, nothing shipped
    page.wait_for_selector("[data-error-for=carrier]")
    page.select_option("#f-carrier", "sf")
    page.click("#ship-form button[type=submit]")
    page.wait_for_selector("#order-status [data-status=shipped]")
    parcel = page.locator("#parcels [data-shipment]")
    assert parcel.locator("[data-carrier=sf]").inner_text() == words["sf"]
    assert parcel.locator("a[data-tracking-number]").get_attribute("href").endswith(f"/waybill-detail/SF{tag}")
    shot(page, f"console-order-shipped-{locale}")
    _post_tracking(live_shop, parcel.get_attribute("data-shipment"), f"SF{tag}")
    _packing_slip_and_bulk_shipping(page, live_shop, words, number, shot, locale)
    page.goto(f"{live_shop.url}/console")
    assert page.locator("[data-figure=orders]").inner_text() != "0"
    shot(page, f"console-dashboard-sales-{locale}")
    console.close()

    shop.reload()  # the parcel, its tracking page and its timeline, newest first, at phone width
    assert shop.locator("#order-status [data-status]").get_attribute("data-status") == "shipped"
    assert shop.locator("#parcels [data-carrier=sf]").inner_text() == words["sf"]
    assert shop.locator("#parcels [data-tracking-state=in_transit]").inner_text() == words["in_transit"]
    assert shop.locator("#parcels [data-event]").first.inner_text().endswith("快件到达【上海浦东集散中心】")
    assert shop.locator("#parcels a[data-tracking-number]").inner_text() == f"SF{tag}"
    assert shop.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot(shop, f"shop-order-tracking-{locale}")
    shop.goto(f"{base}/orders")
    shot(shop, f"shop-orders-{locale}")
    phone.close()
