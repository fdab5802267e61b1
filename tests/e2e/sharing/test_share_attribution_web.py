"""Share attribution through the storefront pages: the shop's sign-in cookies are scoped to ``/shop/{slug}`` and
never reach ``/s/``, so a visit there is anonymous (the ``shoal_visitor`` cookie, path ``/``). The storefront
gives those visits to the shopper on the first page opened signed in, so a friend who follows a link, then
registers (or was already signed in) and orders, is attributed to the sharer."""

from __future__ import annotations

import httpx

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.core.dispatcher import dispatch_pending
from tests.conftest import staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS, make_shop, stock

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
FUNNEL = "/api/v1/admin/reports/share-funnel"


async def _product(uow_factory, tenant) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    product = await create_product(
        uow_factory(), data=ProductCreate(name="分享的茶", status="active", price=2500, sku="TEA", handle="tea")
    )
    await stock(uow_factory, product.variants[0].id, shop.warehouse.id, 10)
    return product.id, product.variants[0].id


async def _follow(client: httpx.AsyncClient, sharer: dict[str, str], product_id: str) -> None:
    shared = await client.post("/api/v1/store/share-links", headers=sharer,
                               json={"target_type": "product", "target_id": product_id})  # fmt: skip
    followed = await client.get(f"/s/{shared.json()['token']}")
    assert followed.status_code == 302, followed.text
    cookie = followed.headers["set-cookie"]
    assert cookie.startswith("shoal_visitor=") and "Path=/;" in cookie  # reaches /s/ and /shop/ alike


async def _order_on_the_web(client: httpx.AsyncClient, slug: str, variant_id: str) -> None:
    added = await client.post(f"/shop/{slug}/cart", data={"variant_id": variant_id}, headers=HTMX)
    assert added.status_code == 204, added.text
    placed = await client.post(f"/shop/{slug}/checkout", data={**ADDRESS, "method": "ship"}, headers=HTMX)
    assert placed.status_code == 204, placed.text


async def _sharer_orders(client, db, staff: dict[str, str]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    await dispatch_pending(db)
    totals = (await client.get(FUNNEL, headers=staff)).json()["totals"]
    return totals["visits"], totals["orders"]


async def test_a_visitor_who_registers_after_following_a_link_is_attributed(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    product_id, variant_id = await _product(uow_factory, tenant)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    await _follow(client, alice, product_id)  # an anonymous browser
    form = {"mode": "register", "email": "friend@example.com", "password": "friend-pass-12", "next": ""}
    registered = await client.post(f"/shop/{tenant.slug}/login", data=form, headers=HTMX)
    assert registered.headers.get("hx-redirect"), registered.text
    await _order_on_the_web(client, tenant.slug, variant_id)
    assert await _sharer_orders(client, db, staff) == (1, 1)


async def test_a_shopper_already_signed_in_on_the_web_is_attributed(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    product_id, variant_id = await _product(uow_factory, tenant)
    alice = await shopper_headers(client, tenant.slug, "alice@example.com")
    form = {"mode": "register", "email": "friend@example.com", "password": "friend-pass-12", "next": ""}
    assert (await client.post(f"/shop/{tenant.slug}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    await _follow(client, alice, product_id)  # the shop's cookies stay at /shop/{slug}: /s/ sees no one
    await _order_on_the_web(client, tenant.slug, variant_id)
    assert await _sharer_orders(client, db, staff) == (1, 1)


async def test_visits_stay_anonymous_without_a_sign_in(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    product_id, _variant = await _product(uow_factory, tenant)
    await _follow(client, await shopper_headers(client, tenant.slug, "alice@example.com"), product_id)
    assert (await client.get(f"/shop/{tenant.slug}/p/{product_id}")).status_code == 200
    assert await _sharer_orders(client, db, staff) == (1, 0)
