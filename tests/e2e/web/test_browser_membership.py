"""One Chromium walk through membership on a 375 px phone, in Chinese and in English: a new shopper opens the member
centre (level card, points, balance), sets their region and birthday in 个人资料, checks in (签到) and sees it done,
tops up with a plan and sees the balance, then at checkout ticks 使用积分 and pays the total shown from the balance;
last, exchanges points and cash for a product in the points mall, sent to the saved address, and lands on its
order to pay. No script error, CSP violation or sideways overflow on any page; a screenshot of each step is left
for reviewers."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.e2e.web.conftest import watch_script_errors

pytestmark = pytest.mark.browser
HTMX = {"HX-Request": "true"}
HOME = {"name": "张三", "phone": "13800138000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "line1": "龙井路 1 号", "is_default": "on"}  # fmt: skip
WORDS = {
    "zh-CN": {
        "centre": "会员中心",
        "checked": "签到成功",
        "topped": "充值成功",
        "points": "使用",
        "paid": "待发货",
        "profile": "个人资料",
    },
    "en": {
        "centre": "Member centre",
        "checked": "Checked in",
        "topped": "Topped up",
        "points": "Use",
        "paid": "To ship",
        "profile": "My profile",
    },
}


def _staff(live_shop) -> httpx.Client:  # type: ignore[no-untyped-def]
    api = httpx.Client(base_url=live_shop.url)
    owner = {"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password}
    api.headers["Authorization"] = f"Bearer {api.post('/api/v1/auth/token', json=owner).json()['access_token']}"
    return api


def _shop_offers(api: httpx.Client) -> tuple[str, str]:
    """A ¥30.00 tea in stock, member levels and a top-up plan of ¥50 (+¥5), made over the API; the tea's variant
    and the plan's name."""
    tag = uuid.uuid4().hex[:6]
    warehouse = api.get("/api/v1/admin/locations?kind=warehouse").json()[0]["id"]
    product = api.post("/api/v1/admin/products", json={"name": f"会员茶 {tag}", "status": "active", "price": 3000,
                                                       "sku": f"VIP-{tag}", "handle": f"vip-{tag}"})  # fmt: skip
    variant = product.json()["variants"][0]["id"]
    api.post("/api/v1/admin/stock/receipts", json={"variant_id": variant, "location_id": warehouse, "quantity": 10})
    for code, name, threshold in (("WALK1", "普通会员", 0), ("WALK2", "金卡会员", 500)):  # a shop may have them already
        api.post("/api/v1/admin/member-levels", json={"code": code, "name": name, "threshold": threshold})
    plan = f"充50送5 {tag}"
    assert api.post("/api/v1/admin/top-up-plans", json={"name": plan, "amount": 5000, "bonus": 500}).is_success
    return variant, plan


def _on_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} overflows by {overflow}px on a phone"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_member_centre_check_in_top_up_and_points_at_checkout(browser, live_shop, shot, locale) -> None:  # type: ignore[no-untyped-def]
    words, shop_url = WORDS[locale], f"{live_shop.url}/shop/{live_shop.slug}"
    api = _staff(live_shop)
    variant, plan = _shop_offers(api)
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale=locale, is_mobile=True)
    page = phone.new_page()
    errors = watch_script_errors(page)
    email = f"vip-{uuid.uuid4().hex[:8]}@example.cn"
    page.goto(f"{shop_url}/login?mode=register&next=/shop/{live_shop.slug}/me")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "member-pass-1")
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.inner_text("h1") == words["centre"] and page.is_visible("#member-card .progress")
    _on_a_phone(page)
    shot(page, f"shop-member-centre-{locale}")

    page.click("#profile-link")
    page.select_option("#profile-form select[name=province_code]", label="浙江省")
    page.wait_for_selector("#profile-form select[name=city_code] option[value='3301']", state="attached")
    page.select_option("#profile-form select[name=city_code]", label="杭州市")
    page.fill("#profile-form input[name=birthday]", "1992-02-29")
    page.click("#profile-form button[type=submit]")
    page.wait_for_selector("[data-done=saved]")
    assert page.input_value("#profile-form select[name=city_code]") == "3301"
    assert words["profile"] in page.inner_text("h1")
    _on_a_phone(page)
    shot(page, f"shop-profile-{locale}")
    page.goto(f"{shop_url}/me")

    page.click("[data-figure=checkin]")
    page.click("#checkin-button")
    page.wait_for_selector("[data-outcome=checked-in]")
    assert words["checked"] in page.inner_text("#checkin") and page.is_disabled("#checkin-button")
    assert int(page.inner_text("#points-figure")) > 0  # refreshed in place
    _on_a_phone(page)
    shot(page, f"shop-points-{locale}")

    page.goto(f"{shop_url}/me/balance")
    page.click(f"label[data-plan='{plan}']")
    page.click("#top-up-pay")
    page.wait_for_selector("#topped")
    assert words["topped"] in page.inner_text("#topped") and page.inner_text("#balance-figure") == "¥55.00"
    _on_a_phone(page)
    shot(page, f"shop-balance-{locale}")

    customer = api.get("/api/v1/admin/customers", params={"q": email}).json()["items"][0]["id"]
    assert api.post(f"/api/v1/admin/customers/{customer}/points", json={"points": 1000, "reason": "活动"}).is_success
    assert page.request.post(f"{shop_url}/me/addresses", form=HOME, headers=HTMX).ok
    assert page.request.post(f"{shop_url}/cart", form={"variant_id": variant}, headers=HTMX).ok
    page.goto(f"{shop_url}/cart")
    before = page.inner_text("#cart-total")
    assert words["points"] in page.inner_text("#use-points")
    page.check("#use-points input[name=use_points]")
    page.wait_for_selector("#points-deduction")
    charged = page.inner_text("#cart-total")
    assert charged != before
    _on_a_phone(page)
    shot(page, f"shop-checkout-points-{locale}")
    page.click("#checkout button[type=submit]")
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    assert charged in page.inner_text("#pay-balance")  # the price shown is the price charged
    _on_a_phone(page)
    shot(page, f"shop-order-balance-{locale}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#pay-balance")
    page.wait_for_selector("#order-status [data-status=paid]")
    shot(page, f"shop-order-paid-by-balance-{locale}")

    _exchange_a_product(page, api, shop_url, (customer, variant), shot, locale)
    assert errors == []
    phone.close()
    api.close()


def _exchange_a_product(page, api: httpx.Client, shop_url: str, ids: tuple[str, str], shot, locale: str) -> None:  # type: ignore[no-untyped-def]
    """积分商城: a teacup for 100 points + ¥1.00, sent to the saved default address; the exchange opens its order."""
    (customer, variant), name = ids, f"茶杯 {uuid.uuid4().hex[:6]}"
    warehouse = api.get("/api/v1/admin/locations?kind=warehouse").json()[0]["id"]
    item = {"name": name, "variant_id": variant, "location_id": warehouse, "points": 100, "cash": 100, "stock": 5}
    assert api.post("/api/v1/admin/points-mall/items", json=item).is_success
    assert api.post(f"/api/v1/admin/customers/{customer}/points", json={"points": 200, "reason": "活动"}).is_success
    page.goto(f"{shop_url}/me/mall")
    page.click(f"[data-item='{name}'] [data-sku-exchange]")
    page.wait_for_selector("#mall-exchange")
    assert page.is_checked("#address-choice input[name=address_id]:not([value=new])")  # the saved default
    _on_a_phone(page)
    shot(page, f"shop-mall-exchange-{locale}")
    page.click("#mall-exchange button[type=submit]")
    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    assert page.is_visible("#pay") or page.is_visible("#pay-balance")  # the cash and shipping, paid like an order
    _on_a_phone(page)
    shot(page, f"shop-mall-exchange-order-{locale}")
