"""Storefront reads keyed by the catalog revision (issue 13): the ETag changes with anything a body shows
(a price, a name written by hand in SQL, the units available) and with nothing else; a repeat read is served
from the cache with a fixed, small number of statements, and a matching ``If-None-Match`` is a 304."""

from __future__ import annotations

from sqlalchemy import update

from shoal.catalog.models import Variant
from shoal.core.actors import SYSTEM
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from tests.e2e.catalog.conftest import count_statements, create, product_body
from tests.e2e.storefront.test_store_api import shop

LIST = "/api/v1/store/products"


async def _tag(client, tenant, url: str) -> str:  # type: ignore[no-untyped-def]
    response = await client.get(url, headers=shop(tenant))
    assert response.status_code == 200, response.text
    return str(response.headers["etag"])


async def test_the_etag_changes_with_prices_hand_written_rows_and_stock(client, admin, tenant, db) -> None:
    product = await create(client, admin, product_body())
    detail = f"{LIST}/{product['id']}"
    first_variant = product["variants"][0]["id"]
    tags = {url: await _tag(client, tenant, url) for url in (LIST, detail)}

    await client.put(
        f"/api/v1/admin/variants/{first_variant}/prices",
        json={"prices": [{"channel": "online", "price": 7700}]},
        headers=admin,
    )
    for url in (LIST, detail):
        stale = await client.get(url, headers=shop(tenant, **{"If-None-Match": tags[url]}))
        assert stale.status_code == 200 and stale.headers["etag"] != tags[url]
        tags[url] = stale.headers["etag"]
    assert (await client.get(LIST, headers=shop(tenant))).json()["items"][0]["price"] == 7700

    async with db.uow(tenant_id=tenant.id) as uow:  # a write no service makes: the triggers still see it
        await uow.s.execute(update(Variant).where(Variant.id == first_variant).values(compare_at_price=12000))
        await uow.commit()
    card = (await client.get(LIST, headers=shop(tenant, **{"If-None-Match": tags[LIST]}))).json()["items"][0]
    assert card["compare_at_price"] == 12000
    tags = {url: await _tag(client, tenant, url) for url in (LIST, detail)}

    location = await create_location(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), data=LocationCreate(code="WH", kind="warehouse", name="仓")
    )
    await receive_stock(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), variant_id=first_variant, location_id=location.id, quantity=3
    )
    restocked = await client.get(detail, headers=shop(tenant, **{"If-None-Match": tags[detail]}))
    assert restocked.status_code == 200 and restocked.json()["variants"][0]["available"] == 3
    unchanged = await client.get(LIST, headers=shop(tenant, **{"If-None-Match": tags[LIST]}))
    assert unchanged.status_code == 304  # the list shows no stock


async def test_repeat_reads_cost_a_fixed_few_statements(client, admin, tenant, db) -> None:
    product = await create(client, admin, product_body(options=[]))
    begin = 1  # one transaction: PostgreSQL's set_config of the tenant, SQLite's BEGIN IMMEDIATE
    expected = {
        LIST: (begin + 4, begin + 1),  # revision, products, variants with prices, first images
        f"{LIST}/{product['id']}": (begin + 5, begin + 2),  # revision, product, variants with prices, its
    }  # options, images and categories (one UNION ALL), stock; a repeat read: the revision and stock
    for url, (first, repeat) in expected.items():
        counts = []
        for _ in range(2):
            with count_statements(db) as statements:
                response = await client.get(url, headers=shop(tenant))
            assert response.status_code == 200
            counts.append(len(statements))
        with count_statements(db) as statements:
            revalidated = await client.get(url, headers=shop(tenant, **{"If-None-Match": response.headers["etag"]}))
        assert revalidated.status_code == 304 and revalidated.content == b""
        assert [*counts, len(statements)] == [first, repeat, repeat], url


async def test_shop_pages_read_in_one_transaction_with_a_fixed_count(client, admin, tenant, db) -> None:
    product = await create(client, admin, product_body(options=[]))
    home, page = f"/shop/{tenant.slug}", f"/shop/{tenant.slug}/p/{product['id']}"
    counts = {}
    for url in (home, page):
        for _ in range(2):
            with count_statements(db) as statements:
                response = await client.get(url)
            assert response.status_code == 200
        counts[url] = len(statements)  # the repeat read's
    # one begin; home: the revision (once, for the products and the categories), promotions, coupon templates,
    # flash sales (sessions, items, what is left); product: the revision, stock, its variants' coupon templates
    assert counts == {home: 7, page: 4}
