"""Every storefront page on a 375 px phone in Chromium: it renders, nothing overflows sideways, the browser
reports no script error or Content-Security-Policy violation and loads no script, style or font from another
host; a screenshot of each is left for reviewers. The product page and checkout are walked through in
test_browser_flows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.e2e.web.conftest import watch_script_errors

pytestmark = pytest.mark.browser


def _flash_sale(live_shop) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A session on now with one SKU (made over the API as staff), so the flash sale pages have something to show."""
    api = httpx.Client(base_url=live_shop.url)
    owner = {"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password}
    token = api.post("/api/v1/auth/token", json=owner).json()["access_token"]
    api.headers["Authorization"] = f"Bearer {token}"
    warehouse = api.get("/api/v1/admin/locations?kind=warehouse").json()[0]["id"]
    sku = f"FLASH-{uuid.uuid4().hex[:6]}"
    product = api.post("/api/v1/admin/products", json={"name": "秒杀 · 明前龙井 250g", "status": "active",
                                                       "price": 16800, "sku": sku, "handle": sku.lower()})  # fmt: skip
    variant = product.json()["variants"][0]["id"]
    api.post("/api/v1/admin/stock/receipts", json={"variant_id": variant, "location_id": warehouse, "quantity": 40})
    now = datetime.now(UTC)
    sale = api.post("/api/v1/admin/flash-sales", json={
        "name": "10:00 场", "location_id": warehouse, "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "ends_at": (now + timedelta(hours=2)).isoformat(),
        "items": [{"variant_id": variant, "flash_price": 9900, "quantity": 20, "per_shopper_limit": 2}],
    }).json()  # fmt: skip
    assert api.post(f"/api/v1/admin/flash-sales/{sale['id']}/publish").status_code == 200
    api.close()
    return sale["id"], variant


def _bargain(live_shop) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A published bargain and one shopper's bargain of it with a friend's cut (over the API), so the bargain
    pages have something to show."""
    api = httpx.Client(base_url=live_shop.url)
    owner = {"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password}
    staff = {"Authorization": f"Bearer {api.post('/api/v1/auth/token', json=owner).json()['access_token']}"}
    warehouse = api.get("/api/v1/admin/locations?kind=warehouse", headers=staff).json()[0]["id"]
    sku = f"KAN-{uuid.uuid4().hex[:6]}"
    product = api.post("/api/v1/admin/products", headers=staff, json={
        "name": "砍价 · 明前龙井 250g", "status": "active", "price": 16800, "sku": sku, "handle": sku.lower(),
    })  # fmt: skip
    variant = product.json()["variants"][0]["id"]
    api.post("/api/v1/admin/stock/receipts", headers=staff,
             json={"variant_id": variant, "location_id": warehouse, "quantity": 5})  # fmt: skip
    bargain = api.post("/api/v1/admin/bargains", headers=staff, json={
        "name": "砍到 9.9 元", "variant_id": variant, "location_id": warehouse, "start_price": 16800,
        "floor_price": 990, "helpers_needed": 5}).json()  # fmt: skip
    assert api.post(f"/api/v1/admin/bargains/{bargain['id']}/publish", headers=staff).status_code == 200
    shoppers = []
    for _ in range(2):
        registered = api.post(
            "/api/v1/store/auth/register",
            headers={"X-Shoal-Tenant": live_shop.slug},
            json={"email": f"kan-{uuid.uuid4().hex[:6]}@example.com", "password": "kan-pass-1"},
        )
        shoppers.append({"Authorization": f"Bearer {registered.json()['access_token']}",
                         "X-Shoal-Tenant": live_shop.slug})  # fmt: skip
    record = api.post(f"/api/v1/store/bargains/{bargain['id']}/start", headers=shoppers[0]).json()
    assert api.post(f"/api/v1/store/bargain-records/{record['id']}/cuts", headers=shoppers[1]).status_code == 201
    api.close()
    return bargain["id"], record["id"]


def _group_buy(live_shop) -> str:  # type: ignore[no-untyped-def]
    """A published group-buy (over the API), so the group-buy page shows its SKU with 开团."""
    api = httpx.Client(base_url=live_shop.url)
    owner = {"tenant": live_shop.slug, "email": live_shop.owner_email, "password": live_shop.owner_password}
    staff = {"Authorization": f"Bearer {api.post('/api/v1/auth/token', json=owner).json()['access_token']}"}
    warehouse = api.get("/api/v1/admin/locations?kind=warehouse", headers=staff).json()[0]["id"]
    sku = f"PIN-{uuid.uuid4().hex[:6]}"
    product = api.post("/api/v1/admin/products", headers=staff, json={
        "name": "拼团 · 明前龙井 250g", "status": "active", "price": 16800, "sku": sku, "handle": sku.lower(),
    })  # fmt: skip
    variant = product.json()["variants"][0]["id"]
    api.post("/api/v1/admin/stock/receipts", headers=staff,
             json={"variant_id": variant, "location_id": warehouse, "quantity": 10})  # fmt: skip
    now = datetime.now(UTC)
    activity = api.post("/api/v1/admin/group-buys", headers=staff, json={
        "name": "三人团", "location_id": warehouse, "starts_at": (now - timedelta(minutes=5)).isoformat(),
        "ends_at": (now + timedelta(days=1)).isoformat(), "group_size": 3,
        "items": [{"variant_id": variant, "group_price": 9900, "leader_price": 8800}]}).json()  # fmt: skip
    assert api.post(f"/api/v1/admin/group-buys/{activity['id']}/publish", headers=staff).status_code == 200
    api.close()
    return str(activity["id"])


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
    sale_id, variant = _flash_sale(live_shop)
    bargain_id, record_id = _bargain(live_shop)
    group_buy_id = _group_buy(live_shop)
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
        "flash-sales": "/flash-sales",
        "flash-buy": f"/flash-sales/{sale_id}/buy?variant={variant}",
        "bargain": f"/bargains/{bargain_id}",
        "bargain-record": f"/bargain-records/{record_id}",
        "group-buy": f"/group-buys/{group_buy_id}",
        "my-groups": "/me/groups",
    }.items():
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, name
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px on a phone"
        shot(page, f"shop-{name}-375")
    assert script_errors == [] and foreign == []
    phone.close()
