"""Flash sale pages over HTTP on both databases. Console: the form reads yuan and shop-time moments, refuses an
unknown SKU inline and saves nothing, the list shows the state with publish and end, a session's page counts
units sold, orders and GMV; another shop's session is 404. Storefront: the 限时秒杀 block and page (flash price
over the struck usual price, 已抢 X%, the time without script, 立即抢购 / 即将开始 / 已抢光), buying sends the
shopper to pay the order, and limit_reached and sold_out are messages on the form, not error pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shoal.campaigns.flash_sale import service
from shoal.campaigns.flash_sale.schemas import FlashSaleCreate
from shoal.core.dispatcher import dispatch_pending
from tests.conftest import new_tenant
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import add_product, make_shop, stock
from tests.integration.flash_sale.conftest import live_sale

HX = {"HX-Request": "true", "Accept-Language": "en"}
ZH = {"HX-Request": "true", "Accept-Language": "zh-CN"}
HOME = {"name": "张三", "phone": "13800138000", "province_code": "33", "city_code": "3301", "region_code": "330106",
        "line1": "龙井路 1 号", "method": "ship", "address_id": "new"}  # fmt: skip


@pytest.fixture
async def owner(web: httpx.AsyncClient, tenant) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    return web


async def test_the_console_creates_a_session_from_yuan_and_shop_time(owner, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "HOT-TEA", price=9900)
    await stock(uow_factory, hot, shop.warehouse.id, 50)
    new = await owner.get("/console/marketing/flash-sales/new", headers=HX)
    assert new.status_code == 200 and 'type="datetime-local"' in new.text and shop.warehouse.id in new.text
    form = {"name": "10:00 场", "location_id": shop.warehouse.id, "starts_at": "2026-12-12T10:00",
            "ends_at": "2026-12-12T12:00", "payment_minutes": "10", "items.0.sku": "NO-SUCH",
            "items.0.flash_price": "9.90", "items.0.quantity": "20", "items.0.per_shopper_limit": "2"}  # fmt: skip
    refused = await owner.post("/console/marketing/flash-sales", data=form, headers=HX)
    assert refused.status_code == 422 and 'data-error-for="items.0.sku"' in refused.text
    assert "没有 SKU 为 NO-SUCH 的规格" in refused.text and 'value="9.90"' in refused.text
    bad = await owner.post(
        "/console/marketing/flash-sales",
        data={**form, "items.0.sku": "HOT-TEA", "items.0.flash_price": "9.999", "ends_at": "2026-12-12T09:00"},
        headers=HX,
    )
    assert bad.status_code == 422
    assert 'data-error-for="items.0.flash_price"' in bad.text and 'data-error-for="ends_at"' in bad.text
    assert await service.list_flash_sales(uow_factory()) == []

    created = await owner.post("/console/marketing/flash-sales", data={**form, "items.0.sku": "HOT-TEA"}, headers=HX)
    assert created.status_code == 204, created.text
    [sale] = await service.list_flash_sales(uow_factory())
    assert created.headers["hx-redirect"] == f"/console/marketing/flash-sales/{sale.id}"
    assert sale.starts_at.astimezone(UTC) == datetime(2026, 12, 12, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert (sale.items[0].flash_price, sale.items[0].quantity, sale.items[0].per_shopper_limit) == (990, 20, 2)
    assert sale.payment_minutes == 10

    listed = await owner.get("/console/marketing/flash-sales", headers={"Accept-Language": "zh-CN"})
    assert 'data-sale="10:00 场"' in listed.text and 'data-state="draft"' in listed.text
    assert 'href="/console/marketing/flash-sales" class="sub active"' in listed.text
    published = await owner.post(f"/console/marketing/flash-sales/{sale.id}/publish", headers=HX)
    assert published.status_code == 204 and published.headers["hx-refresh"] == "true"
    page = await owner.get(f"/console/marketing/flash-sales/{sale.id}", headers=HX)
    assert 'data-state="upcoming"' in page.text and 'data-action="end"' in page.text
    assert 'data-sku="HOT-TEA"' in page.text and "¥9.90" in page.text and "¥99.00" in page.text
    again = await owner.post(f"/console/marketing/flash-sales/{sale.id}/publish", headers=HX)
    assert again.headers.get("hx-retarget") == "#flash"  # a refusal in the flash area, not a page


async def test_the_console_counts_sold_units_orders_and_gmv(owner, web, db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    sale = await live_sale(uow_factory, tenant, clock, units=16, limit=2)  # 2 a shard: see the report on shards
    await _shopper(web, tenant.slug, "payer@example.com")
    key = await web.get(f"/shop/{tenant.slug}/flash-sales/{sale.sale_id}/buy", params={"variant": sale.variant_id})
    bought = await _buy(web, tenant.slug, sale, quantity="2", key=_key(key.text))
    assert bought.status_code == 204, bought.text[:1500]
    order_id = bought.headers["hx-redirect"].rsplit("/", 1)[-1]
    paid = await web.post(f"/shop/{tenant.slug}/orders/{order_id}/pay", headers=HX)
    assert paid.status_code == 204, paid.text
    await dispatch_pending(db)
    page = await owner.get(f"/console/marketing/flash-sales/{sale.sale_id}", headers=HX)
    assert 'data-figure="sold">2<' in page.text and 'data-figure="orders">1<' in page.text
    assert 'data-figure="gmv">¥19.80<' in page.text
    ended = await owner.post(f"/console/marketing/flash-sales/{sale.sale_id}/end", headers=HX)
    assert ended.status_code == 204
    assert 'data-state="ended"' in (await owner.get("/console/marketing/flash-sales", headers=HX)).text

    other = await new_tenant(db)
    async with httpx.AsyncClient(transport=web._transport, base_url="http://shoal.test") as theirs:
        await sign_in(theirs, other.slug, other.owner_email, other.owner_password)
        assert (await theirs.get(f"/console/marketing/flash-sales/{sale.sale_id}")).status_code == 404


async def _shopper(web: httpx.AsyncClient, slug: str, email: str) -> None:
    form = {"mode": "register", "email": email, "password": "buyer-pass-1", "next": ""}
    signed = await web.post(f"/shop/{slug}/login", data=form, headers=ZH)
    assert signed.headers.get("hx-redirect"), signed.text


def _key(page: str) -> str:
    start = page.index('name="key" value="') + len('name="key" value="')
    return page[start : page.index('"', start)]


async def _buy(web, slug: str, sale, *, quantity: str = "1", key: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    form = {**HOME, "variant_id": sale.variant_id, "quantity": quantity, "key": key}
    return await web.post(f"/shop/{slug}/flash-sales/{sale.sale_id}/buy", data=form, headers=ZH)


async def test_the_shop_shows_the_sale_and_buying_leads_to_paying(web, db, uow_factory, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    sale = await live_sale(uow_factory, tenant, clock, units=1, limit=1)
    later = FlashSaleCreate.model_validate({
        "name": "20:00 场", "location_id": sale.shop.warehouse.id, "starts_at": clock.now() + timedelta(hours=3),
        "ends_at": clock.now() + timedelta(hours=4),
        "items": [{"variant_id": sale.variant_id, "flash_price": 1990, "quantity": 2}],
    })  # fmt: skip
    upcoming = await service.create_flash_sale(uow_factory(), data=later)
    await service.publish_flash_sale(uow_factory(), sale_id=upcoming.id)
    slug = tenant.slug

    home = (await web.get(f"/shop/{slug}", headers={"Accept-Language": "zh-CN"})).text
    assert 'id="flash-block"' in home and "/static/flash_sale.js" in home and "立即抢购" in home
    page = (await web.get(f"/shop/{slug}/flash-sales", headers={"Accept-Language": "zh-CN"})).text
    assert "¥9.90" in page and '<s class="muted">¥99.00</s>' in page and "已抢 0%" in page
    assert 'data-countdown="' in page and "结束" in page  # without script the end time is written out
    assert 'data-flash-state="live"' in page and 'data-session="' + upcoming.id + '"' in page
    later_tab = (await web.get(f"/shop/{slug}/flash-sales", params={"session": upcoming.id}, headers=ZH)).text
    assert 'data-flash-state="upcoming"' in later_tab and "即将开始" in later_tab and "开始" in later_tab

    guest = await web.get(f"/shop/{slug}/flash-sales/{sale.sale_id}/buy", params={"variant": sale.variant_id})
    assert guest.status_code == 303 and "/login" in guest.headers["location"]
    await _shopper(web, slug, "quick@example.com")
    confirm = await web.get(f"/shop/{slug}/flash-sales/{sale.sale_id}/buy", params={"variant": sale.variant_id})
    assert confirm.status_code == 200 and "¥9.90" in confirm.text
    key = _key(confirm.text)
    no_phone = await web.post(
        f"/shop/{slug}/flash-sales/{sale.sale_id}/buy",
        data={**HOME, "phone": "", "variant_id": sale.variant_id, "quantity": "1", "key": key}, headers=ZH,
    )  # fmt: skip
    assert no_phone.status_code == 422 and 'data-error-for="phone"' in no_phone.text
    bought = await _buy(web, slug, sale, key=key)
    assert bought.status_code == 204 and bought.headers["hx-redirect"].startswith(f"/shop/{slug}/orders/")
    order = await web.get(bought.headers["hx-redirect"], headers={"Accept-Language": "zh-CN"})
    assert order.status_code == 200 and "¥9.90" in order.text

    limited = await _buy(web, slug, sale, key="another-key-1")
    assert limited.status_code == 422 and 'data-refusal="limit_reached"' in limited.text
    assert "每人限购 1 件" in limited.text and 'name="key" value="another-key-1"' not in limited.text

    async with httpx.AsyncClient(transport=web._transport, base_url="http://shoal.test") as late:
        await _shopper(late, slug, "late@example.com")
        sold = await _buy(late, slug, sale, key="late-key-1")
        assert sold.status_code == 422 and 'data-refusal="sold_out"' in sold.text and "已抢光" in sold.text
    page = (await web.get(f"/shop/{slug}/flash-sales", headers={"Accept-Language": "zh-CN"})).text
    assert 'data-flash-state="sold_out"' in page and "已抢 100%" in page
