"""The storefront member centre over HTTP on both databases: orders by state, renaming, the address book,
and checkout filling its form from the default address."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.integration.checkout.conftest import make_shop

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
HOME = {"name": "张三", "phone": "13800138000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "line1": "龙井路 1 号"}  # fmt: skip


@pytest.fixture
async def shopper(web: httpx.AsyncClient, tenant) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    base = f"/shop/{tenant.slug}"
    form = {"mode": "register", "email": "member@example.com", "password": "member-pass-1", "next": ""}
    assert (await web.post(f"{base}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    yield base


async def test_addresses_are_kept_and_the_default_fills_checkout(
    web: httpx.AsyncClient, shopper: str, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    added = await web.post(f"{shopper}/me/addresses", data={**HOME, "is_default": "on"}, headers=HTMX)
    assert added.headers.get("hx-redirect") == f"{shopper}/me/addresses"
    office = {**HOME, "name": "李四", "line1": "文三路 9 号"}
    await web.post(f"{shopper}/me/addresses", data=office, headers=HTMX)
    book = (await web.get(f"{shopper}/me/addresses")).text
    ids = re.findall(r'data-address="([^"]+)"', book)
    assert len(ids) == 2 and book.count("data-default") == 1

    await web.post(f"{shopper}/cart", data={"variant_id": shop.variants[0]}, headers=HTMX)
    cart = (await web.get(f"{shopper}/cart")).text
    zhangsan = re.search(r'data-address="([^"]+)">\s*<div><strong>张三', book)
    lisi = re.search(r'data-address="([^"]+)">\s*<div><strong>李四', book)
    assert zhangsan and lisi
    # Checkout offers the book, the default chosen: nothing to type again.
    assert f'value="{zhangsan.group(1)}" checked' in cart and f'value="{lisi.group(1)}">' in cart
    await web.post(f"{shopper}/me/addresses/{lisi.group(1)}/default", headers=HTMX)
    assert f'value="{lisi.group(1)}" checked' in (await web.get(f"{shopper}/cart")).text
    await web.post(f"{shopper}/me/addresses/{lisi.group(1)}/delete", headers=HTMX)
    after = (await web.get(f"{shopper}/me/addresses")).text
    assert "李四" not in after and after.count("data-default") == 1  # the other became the default


async def test_a_bad_address_is_shown_inline_and_not_saved(web: httpx.AsyncClient, shopper: str) -> None:
    refused = await web.post(f"{shopper}/me/addresses", data={**HOME, "phone": "1"}, headers=HTMX)
    assert refused.status_code == 422 and 'data-error-for="phone"' in refused.text
    assert 'value="龙井路 1 号"' in refused.text
    assert "data-address=" not in (await web.get(f"{shopper}/me/addresses")).text


async def test_the_centre_counts_orders_by_state_and_renames(
    web: httpx.AsyncClient, shopper: str, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    await web.post(f"{shopper}/cart", data={"variant_id": shop.variants[0]}, headers=HTMX)
    placed = await web.post(f"{shopper}/checkout", data={**HOME, "method": "ship"}, headers=HTMX)
    assert placed.status_code == 204, placed.text
    centre = (await web.get(f"{shopper}/me")).text
    counts = dict(re.findall(r'data-shortcut="(\w+)"><strong>(\d+)<', centre))
    assert counts == {"pending_payment": "1", "paid": "0", "shipped": "0", "completed": "0"}
    listed = re.compile(r'href="[^"]*/orders/[0-9a-f-]{36}"')
    to_pay = (await web.get(f"{shopper}/orders", params={"status": "pending_payment"})).text
    to_ship = (await web.get(f"{shopper}/orders", params={"status": "paid"})).text
    assert len(listed.findall(to_pay)) == 1 and listed.findall(to_ship) == []

    renamed = await web.post(f"{shopper}/me", data={"name": "王五"}, headers=HTMX)
    assert renamed.headers.get("hx-redirect") == f"{shopper}/me"
    assert 'id="me-name">王五<' in (await web.get(f"{shopper}/me")).text
    blank = await web.post(f"{shopper}/me", data={"name": ""}, headers=HTMX)
    assert blank.status_code == 422 and 'data-error-for="name"' in blank.text


async def test_a_shopper_cancels_an_unpaid_order_and_confirms_a_shipped_one(
    web: httpx.AsyncClient, shopper: str, tenant, uow_factory
) -> None:  # type: ignore[no-untyped-def]
    from shoal.orders.schemas import ShipmentCreate
    from shoal.orders.service_admin import create_shipment
    from shoal.orders.service_queries import get_order_detail

    shop = await make_shop(uow_factory, tenant)

    async def place() -> str:
        await web.post(f"{shopper}/cart", data={"variant_id": shop.variants[0]}, headers=HTMX)
        placed = await web.post(f"{shopper}/checkout", data={**HOME, "method": "ship"}, headers=HTMX)
        return placed.headers["hx-redirect"].rsplit("/", 1)[-1]

    unpaid = await place()
    assert 'id="cancel"' in (await web.get(f"{shopper}/orders/{unpaid}")).text
    await web.post(f"{shopper}/orders/{unpaid}/cancel", headers=HTMX)
    assert (await get_order_detail(uow_factory(), order_id=unpaid)).status == "cancelled"

    paid = await place()
    await web.post(f"{shopper}/orders/{paid}/pay", headers=HTMX)
    refused = await web.post(f"{shopper}/orders/{paid}/cancel", headers=HTMX)  # paid: only staff may cancel now
    assert refused.headers.get("hx-retarget") == "#flash"
    order = await get_order_detail(uow_factory(), order_id=paid)
    lines = [{"line_id": line.id, "quantity": line.quantity} for line in order.lines]
    shipment = ShipmentCreate(carrier="sf", tracking_number="SF1", lines=lines)
    await create_shipment(uow_factory(), order_id=paid, data=shipment)
    assert 'id="received"' in (await web.get(f"{shopper}/orders/{paid}")).text
    await web.post(f"{shopper}/orders/{paid}/received", headers=HTMX)
    assert (await get_order_detail(uow_factory(), order_id=paid)).status == "completed"


async def test_a_shopper_asks_for_a_refund_from_the_order_page(
    web: httpx.AsyncClient, shopper: str, tenant, uow_factory, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from shoal.aftersales.service import list_after_sales

    shop = await make_shop(uow_factory, tenant)
    await web.post(f"{shopper}/cart", data={"variant_id": shop.variants[0], "quantity": "2"}, headers=HTMX)
    placed = await web.post(f"{shopper}/checkout", data={**HOME, "method": "ship"}, headers=HTMX)
    order_url = placed.headers["hx-redirect"]
    assert 'id="after-sale-form"' not in (await web.get(order_url)).text  # unpaid: nothing to refund yet
    await web.post(f"{order_url}/pay", headers=HTMX)
    page = (await web.get(order_url)).text
    line_id = re.search(r'name="qty\.([^"]+)"', page)
    assert line_id, page

    nothing = await web.post(
        f"{order_url}/after-sales", data={"kind": "refund_only", "reason_code": "damaged"}, headers=HTMX
    )
    assert nothing.status_code == 422 and 'data-error-for="lines"' in nothing.text
    too_many = {"kind": "refund_only", "reason_code": "damaged", f"qty.{line_id.group(1)}": "3"}
    photo = [("photos", ("broken.png", b"\x89PNG\r\n\x1a\n", "image/png"))]
    refused = await web.post(f"{order_url}/after-sales", data=too_many, files=photo, headers=HTMX)
    assert refused.status_code == 422 and 'value="3"' in refused.text
    assert not list((tmp_path / "media").rglob("*.png")), "a refused request keeps no photo"
    asked = {**too_many, f"qty.{line_id.group(1)}": "1", "reason": "杯子碎了"}
    not_a_photo = [("photos", ("notes.txt", b"hello", "text/plain"))]
    bad_photo = await web.post(f"{order_url}/after-sales", data=asked, files=not_a_photo, headers=HTMX)
    assert bad_photo.status_code == 422 and 'data-error-for="photos"' in bad_photo.text
    sent = await web.post(f"{order_url}/after-sales", data=asked, files=photo, headers=HTMX)
    assert sent.headers.get("hx-redirect") == order_url, sent.text
    assert 'data-status="requested"' in (await web.get(order_url)).text
    order_id = order_url.rsplit("/", 1)[-1]
    cases = (await list_after_sales(uow_factory(), limit=10, cursor=None, order_id=order_id)).items
    assert [(c.kind, c.reason, [line.quantity for line in c.lines]) for c in cases] == [
        ("refund_only", "杯子碎了", [1])
    ]
    assert cases[0].photos[0].startswith(f"/media/{tenant.id}/after-sales/"), "kept in the shop's own folder"


async def test_a_shopper_signs_in_with_a_texted_code(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    base = f"/shop/{tenant.slug}"
    page = await web.get(f"{base}/login", params={"mode": "phone"})
    assert 'name="phone"' in page.text and 'id="send-code"' in page.text
    bad = await web.post(f"{base}/login/code", data={"phone": "12", "next": ""}, headers=HTMX)
    assert bad.status_code == 422 and 'data-error-for="phone"' in bad.text
    sent = await web.post(f"{base}/login/code", data={"phone": "138 0013 8000", "next": f"{base}/me"}, headers=HTMX)
    assert sent.status_code == 200 and 'id="code-sent"' in sent.text and 'value="138 0013 8000"' in sent.text
    code = web._transport.app.state.sms_provider.last_code("+8613800138000")  # type: ignore[attr-defined]
    wrong = "000000" if code != "000000" else "111111"
    form = {"mode": "phone", "phone": "13800138000", "next": f"{base}/me"}
    refused = await web.post(f"{base}/login", data={**form, "code": wrong}, headers=HTMX)
    assert refused.status_code == 422 and 'value="13800138000"' in refused.text
    assert 'data-error-for="code"' in refused.text
    signed = await web.post(f"{base}/login", data={**form, "code": code}, headers=HTMX)
    assert signed.headers.get("hx-redirect") == f"{base}/me", signed.text
    assert "+8613800138000" in (await web.get(f"{base}/me")).text
