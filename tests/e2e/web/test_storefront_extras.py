"""Storefront extras over HTTP on both databases: choosing coupons at checkout, the share poster, the home
page's banners and campaign entrances, and the weight and self-containment of every main page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.schemas_taxonomy import CategoryCreate
from shoal.catalog.service import create_product
from shoal.catalog.service_taxonomy import create_category
from shoal.core.actors import SYSTEM
from shoal.orders.service import mark_paid
from shoal.web.storefront.qr import qr_path
from tests.integration.checkout.conftest import ADDRESS, make_shop, stock
from tests.integration.marketing.conftest import published_promotion, published_template

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
PAGE_BUDGET = 100 * 1024
ASSET = re.compile(r"""<(?:link|script)\b[^>]*?(?:href|src)=["']([^"']+)["']""", re.I)
URL_ATTR = re.compile(r"""\b(?:src|href|action|hx-get|hx-post)=["']([^"']*)["']""", re.I)


@pytest.fixture
async def shop_http(settings, db, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    from shoal.main import create_app

    app = create_app(settings.model_copy(update={"media_dir": str(tmp_path / "media")}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        yield http


@dataclass
class Goods:
    product_id: str
    variant_id: str
    category_id: str


async def _goods(uow_factory, tenant, tmp_path: Path, price: int = 15000) -> Goods:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    category = await create_category(uow_factory(), data=CategoryCreate(name="茶具"))
    media = tmp_path / "media" / "p"
    media.mkdir(parents=True, exist_ok=True)
    (media / "cup.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    product = await create_product(
        uow_factory(),
        data=ProductCreate(
            name="Tea <cup>", status="active", price=price, sku="CUP", handle="cup", category_ids=[category.id],
            images=[{"url": "/media/p/cup.svg", "alt": "cup"}],
        ),
    )  # fmt: skip
    await stock(uow_factory, product.variants[0].id, shop.warehouse.id, 10)
    return Goods(product.id, product.variants[0].id, category.id)


async def _shopper(http: httpx.AsyncClient, slug: str, email: str = "fan@example.com") -> None:
    form = {"mode": "register", "email": email, "password": "fan-pass-12", "next": ""}
    signed = await http.post(f"/shop/{slug}/login", data=form, headers=HTMX)
    assert signed.headers.get("hx-redirect"), signed.text


async def _fill_cart(http: httpx.AsyncClient, slug: str, variant_id: str) -> None:
    added = await http.post(f"/shop/{slug}/cart", data={"variant_id": variant_id}, headers=HTMX)
    assert added.status_code == 204, added.text


def _total(html: str) -> str:
    found = re.search(r'id="cart-total">([^<]+)<', html)
    assert found, html
    return found.group(1)


def _checked(html: str) -> set[str]:
    return set(re.findall(r'name="coupon" value="([^"]+)" checked', html))


async def test_shopper_chooses_coupons_and_the_order_uses_exactly_that_choice(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    ten = await published_template(uow_factory)  # ¥10 off ¥100
    five = await published_template(
        uow_factory, name={"en": "¥5 off"}, benefit={"kind": "amount_off", "tiers": [{"threshold": 0, "value": 500}]}
    )
    await published_promotion(uow_factory)  # ¥20 off ¥199: not reached by ¥150
    base = f"/shop/{tenant.slug}"
    await _shopper(shop_http, tenant.slug)
    for template in (ten, five):
        assert (await shop_http.post(f"{base}/coupons/{template.id}/claim", headers=HTMX)).status_code == 200
    await _fill_cart(shop_http, tenant.slug, goods.variant_id)

    page = await shop_http.get(f"{base}/cart", headers={"Accept-Language": "en"})
    assert _total(page.text) == "¥140.00"  # the best coupon, ticked
    assert len(_checked(page.text)) == 1
    assert "¥20 off ¥199" in page.text and "Add ¥49 more" in page.text  # why the promotion did not apply
    ten_id = _checked(page.text).pop()
    five_id = next(i for i in re.findall(r'name="coupon" value="([^"]+)"', page.text) if i != ten_id)

    only_five = await shop_http.get(f"{base}/cart/pricing", params={"coupon_choice": "1", "coupon": five_id})
    assert _total(only_five.text) == "¥145.00" and _checked(only_five.text) == {five_id}
    assert 'name="expected_total" value="14500"' in only_five.text
    none = await shop_http.get(f"{base}/cart/pricing", params={"coupon_choice": "1"})
    assert _total(none.text) == "¥150.00" and not _checked(none.text)

    form = {**ADDRESS, "method": "ship", "coupon_choice": "1", "coupon": five_id, "expected_total": "14500"}
    placed = await shop_http.post(f"{base}/checkout", data=form, headers=HTMX)
    assert placed.status_code == 204, placed.text
    order = await shop_http.get(placed.headers["hx-redirect"], headers={"Accept-Language": "en"})
    assert "¥145.00" in order.text
    centre = (await shop_http.get(f"{base}/coupons")).text
    assert re.search(rf'data-coupon="{five_id}".*?data-status="locked"', centre, re.S)
    assert re.search(rf'data-coupon="{ten_id}".*?data-status="available"', centre, re.S)


async def test_a_chosen_coupon_checkout_would_refuse_is_explained_not_an_error_page(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    await published_template(uow_factory, per_customer_claims=2)  # two held, one use each shopper
    base = f"/shop/{tenant.slug}"
    await _shopper(shop_http, tenant.slug)
    for _ in range(2):
        claimed = await shop_http.post(f"{base}/coupons/{(await _template_id(shop_http, base))}/claim", headers=HTMX)
        assert claimed.status_code == 200, claimed.text
    await _fill_cart(shop_http, tenant.slug, goods.variant_id)
    page = await shop_http.get(f"{base}/cart", headers={"Accept-Language": "en"})
    used = _checked(page.text).pop()
    spare = next(i for i in re.findall(r'name="coupon" value="([^"]+)"', page.text) if i != used)
    form = {**ADDRESS, "method": "ship", "coupon_choice": "1", "coupon": used, "expected_total": "14000"}
    assert (await shop_http.post(f"{base}/checkout", data=form, headers=HTMX)).status_code == 204

    await _fill_cart(shop_http, tenant.slug, goods.variant_id)
    named = await shop_http.get(
        f"{base}/cart/pricing", params={"coupon_choice": "1", "coupon": spare}, headers={"Accept-Language": "en"}
    )
    assert named.status_code == 200, named.text
    assert 'id="coupon-notice"' in named.text and "limit for this coupon" in named.text
    assert _total(named.text) == "¥150.00"  # the price checkout would charge


async def _template_id(http: httpx.AsyncClient, base: str) -> str:
    centre = (await http.get(f"{base}/coupons")).text
    found = re.search(r'/coupons/([^/"]+)/claim', centre)
    assert found, centre
    return found.group(1)


async def test_a_total_other_than_the_one_shown_is_not_charged_until_confirmed(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    base = f"/shop/{tenant.slug}"
    await _shopper(shop_http, tenant.slug)
    await _fill_cart(shop_http, tenant.slug, goods.variant_id)
    stale = {**ADDRESS, "method": "ship", "coupon_choice": "1", "expected_total": "100"}
    refused = await shop_http.post(f"{base}/checkout", data=stale, headers=HTMX)
    assert refused.status_code == 422
    assert 'id="confirm-total">¥150.00' in refused.text and 'name="expected_total" value="15000"' in refused.text
    assert 'value="13800138000"' in refused.text  # what was typed is kept
    confirmed = await shop_http.post(f"{base}/checkout", data={**stale, "expected_total": "15000"}, headers=HTMX)
    assert confirmed.status_code == 204, confirmed.text


async def test_the_share_button_gives_the_shopper_a_link_and_its_png_poster(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    base = f"/shop/{tenant.slug}"
    guest = (await shop_http.get(f"{base}/p/{goods.product_id}", headers={"Accept-Language": "en"})).text
    assert "data-share-sign-in" in guest and f'hx-post="{base}/share"' not in guest  # a guest is asked to sign in
    await _shopper(shop_http, tenant.slug)
    product = (await shop_http.get(f"{base}/p/{goods.product_id}")).text
    assert f'hx-post="{base}/share"' in product and f'name="target_id" value="{goods.product_id}"' in product
    shared = await shop_http.post(f"{base}/share", data={"target_type": "product", "target_id": goods.product_id},
                                  headers=HTMX)  # fmt: skip
    assert shared.status_code == 200, shared.text
    url = re.search(r'value="(http://shoal\.test/s/[^"]+)"', shared.text)
    assert url and 'data-copy="#share-url"' in shared.text
    poster = re.search(r'<img class="poster" src="(/s/[^"]+/poster\.png)"', shared.text)
    assert poster, shared.text
    png = await shop_http.get(poster.group(1))
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    followed = await shop_http.get(url.group(1).removeprefix("http://shoal.test"))
    assert followed.status_code == 302 and followed.headers["location"] == f"{base}/p/{goods.product_id}"
    assert (await shop_http.get(f"{base}/products/{goods.product_id}/poster.svg")).status_code == 404  # gone
    missing = await shop_http.post(f"{base}/share", data={"target_type": "product", "target_id": "nope"},
                                   headers=HTMX)  # fmt: skip
    assert "http://shoal.test/s/" not in missing.text


async def test_a_coupon_is_claimed_on_the_product_page_and_the_shopper_stays_there(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    template = await published_template(uow_factory)
    base = f"/shop/{tenant.slug}"
    here = f"{base}/p/{goods.product_id}"
    anonymous = (await shop_http.get(here)).text
    assert f'data-template="{template.id}"' in anonymous and f"/login?next={here}" in anonymous
    await _shopper(shop_http, tenant.slug)
    claimed = await shop_http.post(f"{base}/coupons/{template.id}/claim", headers=HTMX)
    # Answered in place: the card turns 已领取 · 去使用 and a toast says so; the shopper is not sent anywhere.
    assert claimed.status_code == 200 and "hx-redirect" not in claimed.headers
    assert f'id="coupon-{template.id}"' in claimed.text and "data-claimed" in claimed.text
    assert 'id="toast"' in claimed.text and 'hx-swap-oob="true"' in claimed.text and "data-use" in claimed.text
    again = (await shop_http.get(here)).text
    assert "data-claimed" in again and f'data-claim="{template.id}"' not in again  # one per shopper
    centre = (await shop_http.get(f"{base}/coupons")).text
    assert 'data-status="available"' in centre


async def test_a_pickup_order_shows_its_code_as_a_qr_for_the_clerk(
    shop_http: httpx.AsyncClient, db, tenant, uow_factory, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    base = f"/shop/{tenant.slug}"
    await _shopper(shop_http, tenant.slug)
    await _fill_cart(shop_http, tenant.slug, goods.variant_id)
    cart = (await shop_http.get(f"{base}/cart")).text
    store_id = re.search(r'name="location_id"[^>]*value="([^"]+)"|<option value="([0-9a-f-]{36})"', cart)
    assert store_id, "the cart offers a pickup store"
    store = store_id.group(1) or store_id.group(2)
    await stock(uow_factory, goods.variant_id, store, 2)
    form = {"method": "pickup", "location_id": store, "expected_total": "15000"}
    placed = await shop_http.post(f"{base}/checkout", data={**form, "coupon_choice": "1"}, headers=HTMX)
    assert placed.status_code == 204, placed.text
    unpaid = (await shop_http.get(placed.headers["hx-redirect"])).text
    assert 'id="pickup-code"' not in unpaid  # the code shows once the order is paid
    order_id = placed.headers["hx-redirect"].rsplit("/", 1)[1]
    await mark_paid(db.uow(tenant_id=tenant.id, actor=SYSTEM), order_id=order_id, payment_id="pay-qr", amount=15000,
                    paid_at=clock.now())  # fmt: skip
    order = (await shop_http.get(placed.headers["hx-redirect"])).text
    code = re.search(r'id="pickup-code">(\d{6})<', order)
    assert code, order
    assert f'data-qr="{code.group(1)}"' in order and qr_path(code.group(1))[0] in order


async def test_home_shows_banners_and_campaign_entrances_of_running_offers(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    base = f"/shop/{tenant.slug}"
    welcome = (await shop_http.get(base)).text
    assert 'data-banner="welcome"' in welcome and 'id="entrances"' not in welcome
    await published_promotion(uow_factory, name={"en": "Cups 20 off"}, condition={"category_ids": [goods.category_id]})
    later = (clock.now() + timedelta(days=3)).isoformat()
    await published_promotion(uow_factory, name={"en": "Not yet"}, condition={"starts_at": later})
    await published_template(uow_factory)
    home = (await shop_http.get(base, headers={"Accept-Language": "en"})).text
    assert re.search(rf'href="{base}/c/{goods.category_id}" data-banner="promotion"', home)
    assert 'data-banner="coupons"' in home and f'href="{base}/coupons" data-entrance="coupon"' in home
    assert "Cups 20 off" in home and "Not yet" not in home


def _external(html: str, host: str) -> list[str]:
    """URLs in attributes that lead to another host (or any host, for protocol-relative ones)."""
    found = []
    for url in URL_ATTR.findall(html):
        parts = urlsplit(url)
        if url.startswith("//") or (parts.scheme in ("http", "https") and parts.netloc != host):
            found.append(url)
    return found


async def test_every_main_page_is_light_and_loads_nothing_from_elsewhere(
    shop_http: httpx.AsyncClient, tenant, uow_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    await published_promotion(uow_factory)
    await published_template(uow_factory)
    base = f"/shop/{tenant.slug}"
    login = await shop_http.get(f"{base}/login")
    await _shopper(shop_http, tenant.slug)
    await _fill_cart(shop_http, tenant.slug, goods.variant_id)
    cart = await shop_http.get(f"{base}/cart")
    placed = await shop_http.post(f"{base}/checkout", data={**ADDRESS, "method": "ship"}, headers=HTMX)
    order_url = placed.headers["hx-redirect"]
    pages = {"login": login, "cart": cart}
    for name, path in [("home", base), ("listing", f"{base}/c/{goods.category_id}"), ("search", f"{base}/search?q=Tea"),
                       ("product", f"{base}/p/{goods.product_id}"), ("coupons", f"{base}/coupons"),
                       ("orders", f"{base}/orders"), ("order", order_url), ("me", f"{base}/me")]:  # fmt: skip
        pages[name] = await shop_http.get(path)
    assets: dict[str, int] = {}
    for name, page in pages.items():
        assert page.status_code == 200, (name, page.text)
        assert _external(page.text, "shoal.test") == [], name
        size = len(page.content)
        for url in ASSET.findall(page.text):
            assert url.startswith("/static/"), (name, url)
            if url not in assets:
                asset = await shop_http.get(url)
                assert asset.status_code == 200, url
                assert not re.search(r"url\(\s*['\"]?(https?:)?//", asset.text), url
                assets[url] = len(asset.content)
            size += assets[url]
        assert size < PAGE_BUDGET, (name, size)
    assert "/static/shoal.css" in assets and "/static/vendor/htmx.min.js" in assets
