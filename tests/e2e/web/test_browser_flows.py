"""The operator and the shopper, in Chromium, in both languages.

The operator signs in, creates a product with two variants and opening stock, and publishes it; a
shopper on a 375 px phone finds it by search and sees both variants in stock. An invalid product
shows its field errors inline, keeps what was typed, and saves nothing.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.web.conftest import console_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "zh-CN": {"publish": "上架", "on_sale": "在售", "in_stock": "有货", "too_short": "至少", "no_match": "没有"},
    "en": {
        "publish": "Publish",
        "on_sale": "On sale",
        "in_stock": "In stock",
        "too_short": "at least",
        "no_match": "No",
    },
}


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
    page.fill("#f-option_name", "Size")
    page.select_option("#f-location_id", label="Main warehouse")
    for row, (value, price, stock) in enumerate([("50g", "19.90", "5"), ("100g", "35.00", "20")]):
        page.fill(f"input[name='variants.{row}.option']", value)
        page.fill(f"input[name='variants.{row}.sku']", f"T{tag}-{value}")
        page.fill(f"input[name='variants.{row}.price']", price)
        page.fill(f"input[name='variants.{row}.stock']", stock)
    shot(page, f"console-product-new-{locale}")
    page.click("#product-form button[type=submit]")
    page.wait_for_url(re.compile(r"/console/products/[0-9a-f-]{36}$"))
    assert page.locator(f"tr[data-sku='T{tag}-50g']").inner_text().split()[-1] == "5"
    assert page.locator(f"tr[data-sku='T{tag}-100g']").inner_text().split()[-1] == "20"
    page.get_by_role("button", name=words["publish"]).click()
    page.wait_for_selector(f"text={words['on_sale']}")
    shot(page, f"console-product-detail-{locale}")


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
    page.click("#product-form button[type=submit]")
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
def test_shopper_buys_pays_and_sees_the_order_shipped(browser, live_shop, shot, locale: str) -> None:  # type: ignore[no-untyped-def]
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
    shop.click("#add-to-cart")
    shop.wait_for_url(re.compile(r"/cart$"))
    shop.click("#checkout button[type=submit]")  # nothing filled in: the fields say what is missing
    shop.wait_for_selector("[data-error-for=phone]")
    for field, value in [("name", "张三"), ("phone", "13800138000"), ("province", "浙江省"), ("city", "杭州市"),
                         ("district", "西湖区"), ("line1", "龙井路 1 号")]:  # fmt: skip
        shop.fill(f"#f-{field}", value)
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
    page.fill("#f-carrier", "SF Express")
    page.fill("#f-tracking_number", f"SF{tag}")
    page.click("#ship-form button[type=submit]")
    page.wait_for_selector("#order-status [data-status=shipped]")
    shot(page, f"console-order-shipped-{locale}")
    page.goto(f"{live_shop.url}/console")
    assert page.locator("[data-figure=orders]").inner_text() != "0"
    shot(page, f"console-dashboard-sales-{locale}")
    console.close()

    shop.reload()
    assert shop.locator("#order-status [data-status]").get_attribute("data-status") == "shipped"
    shop.goto(f"{base}/orders")
    shot(shop, f"shop-orders-{locale}")
    phone.close()
