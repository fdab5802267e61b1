"""Bargain pages over HTTP on both databases. Console: the form reads yuan, refuses an unknown SKU inline and
saves nothing, the list shows publish and end, an activity's page counts bargains started, completed, orders and
GMV; another shop's activity is 404. Storefront: 发起砍价 leads to the bargain's page (price now, floor, progress,
the helpers' cuts), a friend's 帮砍一刀 cuts it, the initiator's own cut is a message, and 立即购买 places the
order at the floor price and sends the shopper to pay it."""

from __future__ import annotations

import httpx
import pytest

from shoal.campaigns.bargain import service
from tests.conftest import new_tenant
from tests.e2e.web.conftest import sign_in
from tests.integration.bargain.conftest import live_bargain
from tests.integration.checkout.conftest import add_product, make_shop, stock

HX = {"HX-Request": "true", "Accept-Language": "en"}
ZH = {"HX-Request": "true", "Accept-Language": "zh-CN"}
HOME = {"name": "张三", "phone": "13800138000", "province_code": "33", "city_code": "3301", "region_code": "330106",
        "line1": "龙井路 1 号", "method": "ship", "address_id": "new"}  # fmt: skip


@pytest.fixture
async def owner(web: httpx.AsyncClient, tenant) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    return web


async def _shopper(web: httpx.AsyncClient, slug: str, email: str) -> None:
    form = {"mode": "register", "email": email, "password": "buyer-pass-1", "next": ""}
    signed = await web.post(f"/shop/{slug}/login", data=form, headers=ZH)
    assert signed.headers.get("hx-redirect"), signed.text


async def test_the_console_creates_publishes_and_counts_a_bargain(owner, db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    tea = await add_product(uow_factory, "KAN-TEA", price=9900)
    await stock(uow_factory, tea, shop.warehouse.id, 5)
    new = await owner.get("/console/marketing/bargains/new", headers=HX)
    assert new.status_code == 200 and shop.warehouse.id in new.text
    form = {"name": "砍到 9.9", "sku": "NO-SUCH", "location_id": shop.warehouse.id, "start_price": "99.00",
            "floor_price": "9.90", "helpers_needed": "5", "hours": "24", "daily_help_limit": "3",
            "first_cut_percent": "30", "buy_before_floor": "on"}  # fmt: skip
    refused = await owner.post("/console/marketing/bargains", data=form, headers=ZH)
    assert refused.status_code == 422 and 'data-error-for="sku"' in refused.text and 'value="99.00"' in refused.text
    assert await service.list_bargains(uow_factory()) == []

    created = await owner.post("/console/marketing/bargains", data={**form, "sku": "KAN-TEA"}, headers=HX)
    assert created.status_code == 204, created.text
    [bargain] = await service.list_bargains(uow_factory())
    assert created.headers["hx-redirect"] == f"/console/marketing/bargains/{bargain.id}"
    assert (bargain.start_price, bargain.floor_price, bargain.first_cut_percent, bargain.buy_before_floor) == (
        9900,
        990,
        30,
        True,
    )
    listed = await owner.get("/console/marketing/bargains", headers=ZH)
    assert "砍到 9.9" in listed.text and 'data-action="publish"' in listed.text
    assert (await owner.post(f"/console/marketing/bargains/{bargain.id}/publish", headers=HX)).status_code == 204
    page = await owner.get(f"/console/marketing/bargains/{bargain.id}", headers=ZH)
    assert page.status_code == 200 and 'data-figure="started">0<' in page.text and 'data-action="end"' in page.text

    other = await new_tenant(db)
    async with httpx.AsyncClient(transport=owner._transport, base_url="http://shoal.test") as theirs:
        await sign_in(theirs, other.slug, other.owner_email, other.owner_password)
        assert (await theirs.get(f"/console/marketing/bargains/{bargain.id}")).status_code == 404


async def test_a_shopper_starts_friends_cut_and_the_shopper_buys_at_the_floor(web, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=1, start=5_000, floor=990)
    slug = tenant.slug
    shown = await web.get(f"/shop/{slug}/bargains/{activity.bargain_id}", headers=ZH)
    assert shown.status_code == 200 and "发起砍价" in shown.text
    await _shopper(web, slug, "starter@example.com")
    started = await web.post(f"/shop/{slug}/bargains/{activity.bargain_id}/start", headers=ZH)
    record_url = started.headers["hx-redirect"]
    page = await web.get(record_url, headers=ZH)
    assert page.status_code == 200 and "¥50.00" in page.text and "还没有好友帮砍" in page.text
    assert 'data-share="bargain"' in page.text and "data-countdown=" in page.text  # the initiator shares it
    own = await web.post(record_url + "/cuts", headers=ZH)
    assert "不能给自己砍价" in own.text and own.headers.get("hx-retarget") == "#flash"

    async with httpx.AsyncClient(transport=web._transport, base_url="http://shoal.test") as friend:
        await _shopper(friend, slug, "friend@example.com")
        seen = (await friend.get(record_url, headers=ZH)).text
        assert "帮砍一刀" in seen and 'data-share="bargain"' not in seen
        cut = await friend.post(record_url + "/cuts", headers=ZH)
        assert cut.status_code == 204 and cut.headers.get("hx-refresh") == "true"

    after = await web.get(record_url, headers=ZH)
    assert "已砍到底价" in after.text and "¥9.90" in after.text and 'data-action="buy"' in after.text
    confirm = await web.get(record_url + "/buy", headers=ZH)
    key = confirm.text.split('name="key" value="')[1].split('"')[0]
    bought = await web.post(record_url + "/buy", data={**HOME, "key": key}, headers=ZH)
    assert bought.status_code == 204, bought.text
    assert bought.headers["hx-redirect"].startswith(f"/shop/{slug}/orders/")
    again = await web.post(record_url + "/buy", data={**HOME, "key": "another-key-1"}, headers=ZH)
    assert again.status_code == 422 and "不能再砍" in again.text
