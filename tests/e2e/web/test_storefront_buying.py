"""Buying on the storefront over HTTP on both databases: the product page (variant prices, 划线价, quantity,
立即购买, pictures, a sanitised description), the cart (variant named, − + and remove, a thumbnail, a guest cart
kept through sign-in and found on another device), coupons drawn as coupons, and checkout's address book, region
picker and errors that name the field."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from tests.integration.checkout.conftest import make_shop, stock
from tests.integration.marketing.conftest import published_template

HTMX = {"HX-Request": "true", "Accept-Language": "zh-CN"}
SHOPIFY_BODY = (
    '<p>福鼎<strong>白牡丹</strong></p><script>alert("x")</script><img src="/media/p/leaf.svg" onerror="alert(1)">'
    '<a href="javascript:alert(2)" onclick="steal()">link</a><iframe src="https://evil.example"></iframe>'
)
HOME = {"name": "张三", "phone": "13800138000", "province_code": "33", "city_code": "3301", "region_code": "330106",
        "line1": "龙井路 1 号", "method": "ship"}  # fmt: skip


def _app(settings, db, tmp_path: Path):  # type: ignore[no-untyped-def]
    from shoal.main import create_app

    return create_app(settings.model_copy(update={"media_dir": str(tmp_path / "media")}), db=db)


@pytest.fixture
async def app(settings, db, tmp_path: Path):  # type: ignore[no-untyped-def]
    return _app(settings, db, tmp_path)


@pytest.fixture
async def http(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as client:
        yield client


async def _tea(uow_factory, tenant) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    product = await create_product(
        uow_factory(),
        data=ProductCreate.model_validate({
            "name": "福鼎白牡丹", "handle": "baimudan", "status": "active", "description": SHOPIFY_BODY,
            "options": [{"name": "规格", "values": ["250g", "500g"]}],
            "images": [{"url": "/media/p/a.svg"}, {"url": "/media/p/b.svg"}],
            "variants": [{"sku": "BMD-250", "options": ["250g"], "price": 12800, "compare_at_price": 16800},
                         {"sku": "BMD-500", "options": ["500g"], "price": 23800}],
        }),
    )  # fmt: skip
    for variant in product.variants:
        await stock(uow_factory, variant.id, shop.warehouse.id, 20)
    return product.id, [v.id for v in product.variants]


async def _sign_in(http: httpx.AsyncClient, slug: str, email: str, mode: str = "register") -> None:
    form = {"mode": mode, "email": email, "password": "buyer-pass-1", "next": ""}
    signed = await http.post(f"/shop/{slug}/login", data=form, headers=HTMX)
    assert signed.headers.get("hx-redirect"), signed.text


async def test_the_product_page_prices_the_chosen_variant_and_renders_a_clean_description(
    http: httpx.AsyncClient, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    product_id, _variants = await _tea(uow_factory, tenant)
    page = (await http.get(f"/shop/{tenant.slug}/p/{product_id}", headers={"Accept-Language": "zh-CN"})).text
    assert re.search(r'id="price">¥128\.00<', page) and re.search(r'id="compare-at">¥168\.00<', page)
    assert 'data-price="¥238.00"' in page and 'data-compare-at=""' in page  # the script swaps these in
    assert 'name="quantity"' in page and 'id="buy-now"' in page and "立即购买" in page and "加入购物车" in page
    assert page.count("data-picture=") == 2  # a gallery of every picture
    description = page[page.index('id="description"') :]
    assert "<p>福鼎<strong>白牡丹</strong></p>" in description and "&lt;p&gt;" not in description
    for unsafe in ("<script", "onerror", "onclick", "javascript:", "<iframe", "evil.example"):
        assert unsafe not in description, unsafe


async def test_a_guest_cart_has_named_lines_and_survives_signing_in_on_any_device(
    app, http: httpx.AsyncClient, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    _product_id, variants = await _tea(uow_factory, tenant)
    base = f"/shop/{tenant.slug}"
    await _sign_in(http, tenant.slug, "owner-of-cart@example.com")
    await http.post(f"{base}/logout", headers=HTMX)
    http.cookies.clear()
    added = await http.post(f"{base}/cart", data={"variant_id": variants[0], "quantity": "2"}, headers=HTMX)
    assert added.headers.get("hx-redirect") == f"{base}/cart"  # a guest may fill a cart
    guest = (await http.get(f"{base}/cart", headers=HTMX)).text
    assert "data-variant>250g<" in guest and "福鼎白牡丹" in guest and 'class="thumb"' in guest
    assert 'id="sign-in-to-checkout"' in guest and 'id="checkout"' not in guest
    line_id = re.search(r'/cart/lines/([0-9a-f-]{36})"', guest).group(1)  # type: ignore[union-attr]
    more = await http.post(f"{base}/cart/lines/{line_id}", data={"quantity": "3"}, headers=HTMX)
    assert more.status_code == 200 and "data-quantity>3<" in more.text and more.headers["hx-trigger"] == "cart-changed"
    await _sign_in(http, tenant.slug, "owner-of-cart@example.com", mode="login")
    mine = (await http.get(f"{base}/cart", headers=HTMX)).text
    assert "data-quantity>3<" in mine and 'id="checkout"' in mine

    # Another device: no cookie but the account's; the same cart is there.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as laptop:
        await _sign_in(laptop, tenant.slug, "owner-of-cart@example.com", mode="login")
        there = (await laptop.get(f"{base}/cart", headers=HTMX)).text
        assert "data-quantity>3<" in there
        line_id = re.search(r"/cart/lines/([0-9a-f-]{36})/remove", there).group(1)  # type: ignore[union-attr]
        removed = await laptop.post(f"{base}/cart/lines/{line_id}/remove", headers=HTMX)
        assert removed.headers.get("hx-refresh") == "true"
    assert "data-quantity" not in (await http.get(f"{base}/cart", headers=HTMX)).text


async def test_buy_now_checks_out_the_product_alone_and_leaves_the_cart(
    http: httpx.AsyncClient, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    _product_id, variants = await _tea(uow_factory, tenant)
    base = f"/shop/{tenant.slug}"
    await _sign_in(http, tenant.slug, "quick@example.com")
    await http.post(f"{base}/cart", data={"variant_id": variants[1]}, headers=HTMX)
    bought = await http.post(f"{base}/buy-now", data={"variant_id": variants[0], "quantity": "2"}, headers=HTMX)
    target = bought.headers["hx-redirect"]
    assert target.startswith(f"{base}/cart?cart=")
    page = (await http.get(target, headers=HTMX)).text
    assert "确认订单" in page and "data-variant>250g<" in page and "500g" not in page
    assert re.search(r'name="cart" value="[0-9a-f-]{36}"', page)
    placed = await http.post(f"{base}/checkout", data={**HOME, "cart": target.split("=")[1]}, headers=HTMX)
    assert placed.headers.get("hx-redirect", "").startswith(f"{base}/orders/"), placed.text
    cart = (await http.get(f"{base}/cart", headers=HTMX)).text
    assert "data-variant>500g<" in cart and "data-variant>250g<" not in cart  # the cart kept its own line


async def test_checkout_errors_name_the_field_and_a_new_address_is_saved_for_next_time(
    http: httpx.AsyncClient, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    _product_id, variants = await _tea(uow_factory, tenant)
    base = f"/shop/{tenant.slug}"
    await _sign_in(http, tenant.slug, "typist@example.com")
    await http.post(f"{base}/cart", data={"variant_id": variants[0]}, headers=HTMX)
    empty = await http.post(f"{base}/checkout", data={"method": "ship", "address_id": "new"}, headers=HTMX)
    assert empty.status_code == 422
    for field, words in [("name", "请填写收货人"), ("phone", "请填写正确的手机号"), ("region", "请选择所在地区"),
                         ("line1", "请填写详细地址")]:  # fmt: skip
        assert re.search(rf'data-error-for="{field}">{words}', empty.text), field
    assert "至少" not in empty.text and "字符" not in empty.text
    picker = await http.get(f"{base}/regions", params={"province_code": "33", "city_code": "3301"}, headers=HTMX)
    assert ">西湖区<" in picker.text and ">杭州市<" in picker.text
    moved = await http.get(f"{base}/regions", params={"province_code": "44", "city_code": "3301"}, headers=HTMX)
    assert ">西湖区<" not in moved.text and ">广州市<" in moved.text  # a city of another province is dropped
    placed = await http.post(f"{base}/checkout", data={**HOME, "address_id": "new"}, headers=HTMX)
    assert placed.headers.get("hx-redirect", "").startswith(f"{base}/orders/"), placed.text
    book = (await http.get(f"{base}/me/addresses", headers=HTMX)).text
    assert "浙江省杭州市西湖区龙井路 1 号" in book
    await http.post(f"{base}/cart", data={"variant_id": variants[0]}, headers=HTMX)
    again = (await http.get(f"{base}/cart", headers=HTMX)).text
    saved = re.search(r'data-address="([0-9a-f-]{36})"', again)
    assert saved and f'value="{saved.group(1)}" checked' in again  # chosen next time, nothing to type


async def test_coupons_show_amount_threshold_scope_and_expiry_and_say_when_claimed(
    http: httpx.AsyncClient, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    await _tea(uow_factory, tenant)
    template = await published_template(uow_factory)
    base = f"/shop/{tenant.slug}"
    await _sign_in(http, tenant.slug, "saver@example.com")
    centre = (await http.get(f"{base}/coupons", headers=HTMX)).text
    card = centre[centre.index(f'id="coupon-{template.id}"') :]
    assert "data-amount>¥10<" in card and "满¥100可用" in card and "全店通用" in card and "长期有效" in card
    claimed = await http.post(f"{base}/coupons/{template.id}/claim", headers=HTMX)
    assert "已领取" in claimed.text and "去使用" in claimed.text and "领取成功" in claimed.text
