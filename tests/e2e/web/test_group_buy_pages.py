"""Group-buy pages over HTTP on both databases. Console: the form reads yuan, hours and shop-time moments, refuses
an unknown SKU inline and saves nothing, the list shows the state, groups, success rate and GMV, an activity's
page its groups. Storefront: the activity page (group price over the struck usual price, 开团 per SKU, 凑团 with
avatars, seats and time left, 参团 per group), opening a group sends the shopper to pay, a second join of the
same group is a message on the form, and the member centre lists the shopper's groups."""

from __future__ import annotations

import httpx
import pytest

from shoal.campaigns.group_buy import service
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import add_product, make_shop, stock
from tests.integration.group_buy.conftest import enrol, live_activity

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


async def test_the_console_creates_lists_and_counts_a_group_buy(owner, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    tea = await add_product(uow_factory, "GROUP-TEA", price=9900)
    await stock(uow_factory, tea, shop.warehouse.id, 50)
    new = await owner.get("/console/marketing/group-buys/new", headers=HX)
    assert new.status_code == 200 and shop.warehouse.id in new.text
    form = {"name": "三人团", "sku": "NO-SUCH", "location_id": shop.warehouse.id, "starts_at": "2026-12-12T10:00",
            "ends_at": "2026-12-14T10:00", "group_price": "59.00", "leader_price": "49.00", "group_size": "3",
            "group_hours": "24", "per_shopper_limit": "1", "virtual_fill_min": "2"}  # fmt: skip
    refused = await owner.post("/console/marketing/group-buys", data=form, headers=ZH)
    assert refused.status_code == 422 and 'data-error-for="sku"' in refused.text
    assert await service.list_group_buys(uow_factory()) == []
    created = await owner.post("/console/marketing/group-buys", data={**form, "sku": "GROUP-TEA"}, headers=HX)
    assert created.status_code == 204, created.text
    [activity] = await service.list_group_buys(uow_factory())
    assert (activity.items[0].group_price, activity.items[0].leader_price) == (5900, 4900)
    assert (activity.group_minutes, activity.virtual_fill_min) == (1440, 2)
    listed = await owner.get("/console/marketing/group-buys", headers=ZH)
    assert "三人团" in listed.text and "成团率" in listed.text and 'data-action="publish"' in listed.text
    page = await owner.get(f"/console/marketing/group-buys/{activity.id}", headers=ZH)
    assert page.status_code == 200 and "还没有人开团" in page.text


async def test_a_shopper_sees_open_groups_opens_one_and_finds_it_in_the_member_centre(
    web, uow_factory, tenant, clock
) -> None:  # type: ignore[no-untyped-def]
    activity = await live_activity(uow_factory, tenant, clock, size=3, per_shopper_limit=2)  # opens one, joins one
    lone = await enrol(uow_factory, activity, "lone")
    busy = await enrol(uow_factory, activity, "busy")
    slug, url = tenant.slug, f"/shop/{tenant.slug}/group-buys/{activity.activity_id}"
    shown = await web.get(url, headers=ZH)
    assert shown.status_code == 200 and "¥59.00" in shown.text and "¥99.00" in shown.text and "我要开团" in shown.text
    assert '<div class="line-name">茶 GROUP' in shown.text  # the product is named, not only priced
    assert lone.body["group_id"] not in shown.text and "暂无可参加的团" in shown.text  # shown once the leader paid
    await _shopper(web, slug, "opener@example.com")
    confirm = await web.get(f"{url}/join?variant={activity.variant_id}", headers=ZH)
    assert confirm.status_code == 200 and "¥49.00" in confirm.text and '<div class="line-name">茶 GROUP' in confirm.text
    key = confirm.text.split('name="key" value="')[1].split('"')[0]
    opened = await web.post(f"{url}/join", data={**HOME, "key": key, "variant_id": activity.variant_id}, headers=ZH)
    assert opened.status_code == 204 and "/orders/" in opened.headers["hx-redirect"], opened.text
    join = await web.get(f"{url}/join?variant={activity.variant_id}&group={busy.body['group_id']}", headers=ZH)
    key = join.text.split('name="key" value="')[1].split('"')[0]
    form = {**HOME, "key": key, "variant_id": activity.variant_id, "group_id": busy.body["group_id"]}
    assert (await web.post(f"{url}/join", data=form, headers=ZH)).status_code == 204
    again = await web.post(f"{url}/join", data={**form, "key": "another-key-1"}, headers=ZH)
    assert again.status_code == 422 and 'data-refusal="already_in_group"' in again.text
    mine = await web.get(f"/shop/{slug}/me/groups", headers=ZH)
    assert mine.status_code == 200 and mine.text.count('data-member-status="pending"') == 2
    assert "我的拼团" in (await web.get(f"/shop/{slug}/me", headers=ZH)).text
