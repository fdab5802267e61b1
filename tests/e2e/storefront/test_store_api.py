"""Storefront reads over HTTP: only active products, localised, channel-priced, stock-aware, ETag/304,
bounded pages, Chinese search, and a statement count that does not grow with the page or variants."""

from __future__ import annotations

from shoal.core.actors import SYSTEM
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.inventory.service_stock import receive_stock
from tests.conftest import new_tenant
from tests.e2e.catalog.conftest import count_statements, create, product_body


def shop(tenant, **extra: str) -> dict[str, str]:
    return {"X-Shoal-Tenant": tenant.slug, **extra}


async def test_list_shows_active_products_localised_and_priced(client, admin, tenant) -> None:
    await create(client, admin, product_body("longjing"))
    await create(client, admin, product_body("draft-tea", status="draft"))
    archived = await create(client, admin, product_body("old-tea"))
    await client.post(f"/api/v1/admin/products/{archived['id']}/archive", headers=admin)
    zh = (await client.get("/api/v1/store/products", headers=shop(tenant))).json()
    assert [p["handle"] for p in zh["items"]] == ["longjing"]
    card = zh["items"][0]
    assert card["name"] == "西湖龙井茶" and card["price"] == 8800 and card["compare_at_price"] == 9900
    assert card["currency"] == "CNY" and card["image"] == "/media/longjing.svg"
    en = (await client.get("/api/v1/store/products", headers=shop(tenant, **{"Accept-Language": "en"}))).json()
    assert en["items"][0]["name"] == "West Lake Longjing Tea"


async def test_channel_price_is_the_lowest_variant_price_on_that_channel(client, admin, tenant) -> None:
    product = await create(client, admin, product_body())
    expensive = product["variants"][1]["id"]
    await client.put(
        f"/api/v1/admin/variants/{expensive}/prices",
        json={"prices": [{"channel": "store:sh", "price": 5000}]},
        headers=admin,
    )
    online = (await client.get("/api/v1/store/products", headers=shop(tenant))).json()["items"][0]
    store = (await client.get("/api/v1/store/products", params={"channel": "store:sh"}, headers=shop(tenant))).json()[
        "items"
    ][0]
    assert online["price"] == 8800 and store["price"] == 5000
    detail = (
        await client.get(
            f"/api/v1/store/products/{product['id']}", params={"channel": "store:sh"}, headers=shop(tenant)
        )
    ).json()
    assert [v["price"] for v in detail["variants"]] == [8800, 5000]


async def test_detail_has_variants_with_availability(client, admin, tenant, db) -> None:
    product = await create(client, admin, product_body())
    location = await create_location(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), data=LocationCreate(code="WH", kind="warehouse", name="仓")
    )
    first = product["variants"][0]["id"]
    await receive_stock(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), variant_id=first, location_id=location.id, quantity=7
    )
    response = await client.get(
        f"/api/v1/store/products/{product['id']}", headers=shop(tenant, **{"Accept-Language": "en"})
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "West Lake Longjing Tea" and body["description"] == "Pre-Qingming"
    assert body["options"] == [{"name": "Size", "values": ["50g", "100g"]}]
    assert [(v["sku"], v["available"]) for v in body["variants"]] == [("LONGJING-1", 7), ("LONGJING-2", 0)]
    assert body["images"][0]["url"] == "/media/longjing.svg"
    assert set(body["variants"][0]) >= {"id", "sku", "price", "compare_at_price", "available", "options", "image"}


async def test_draft_archived_and_foreign_products_are_404(client, admin, tenant, db) -> None:
    draft = await create(client, admin, product_body("draft-tea", status="draft"))
    archived = await create(client, admin, product_body("old"))
    await client.patch(f"/api/v1/admin/products/{archived['id']}", json={"status": "archived"}, headers=admin)
    for product in (draft, archived):
        response = await client.get(f"/api/v1/store/products/{product['id']}", headers=shop(tenant))
        assert response.status_code == 404
    live = await create(client, admin, product_body("live"))
    other = await new_tenant(db)
    assert (await client.get(f"/api/v1/store/products/{live['id']}", headers=shop(other))).status_code == 404
    assert (await client.get("/api/v1/store/products", headers=shop(other))).json()["items"] == []


async def test_etag_and_if_none_match_answer_304(client, admin, tenant) -> None:
    product = await create(client, admin, product_body())
    for url in ("/api/v1/store/products", f"/api/v1/store/products/{product['id']}", "/api/v1/store/categories"):
        first = await client.get(url, headers=shop(tenant))
        etag = first.headers["etag"]
        assert etag.startswith('W/"')
        cached = await client.get(url, headers=shop(tenant, **{"If-None-Match": etag}))
        assert cached.status_code == 304 and cached.content == b"" and cached.headers["etag"] == etag
    await client.patch(f"/api/v1/admin/products/{product['id']}", json={"name": "新茶"}, headers=admin)
    changed = await client.get("/api/v1/store/products", headers=shop(tenant, **{"If-None-Match": etag}))
    assert changed.status_code == 200


async def test_limits_search_and_tenant_header(client, admin, tenant) -> None:
    await create(client, admin, product_body("longjing", name="龙井茶"))
    await create(client, admin, product_body("cup", name="杯子", sku="CUP"))
    assert (await client.get("/api/v1/store/products", params={"limit": 101}, headers=shop(tenant))).status_code == 422
    found = await client.get("/api/v1/store/products", params={"q": "茶"}, headers=shop(tenant))
    assert [p["handle"] for p in found.json()["items"]] == ["longjing"]
    missing = await client.get("/api/v1/store/products")
    assert missing.status_code == 400 and missing.json()["code"] == "tenant_required"


async def test_category_tree_is_localised(client, admin, tenant) -> None:
    root = await client.post(
        "/api/v1/admin/categories", json={"name": "茶叶", "translations": {"en": {"name": "Tea"}}}, headers=admin
    )
    await client.post("/api/v1/admin/categories", json={"name": "绿茶", "parent_id": root.json()["id"]}, headers=admin)
    tree = (await client.get("/api/v1/store/categories", headers=shop(tenant, **{"Accept-Language": "en"}))).json()
    assert tree[0]["name"] == "Tea" and tree[0]["children"][0]["name"] == "绿茶"


async def test_list_statement_count_does_not_grow_with_the_page(client, admin, tenant, db) -> None:
    for i in range(100):
        await create(client, admin, product_body(f"p{i}", images=[{"url": f"/media/{i}.svg"}]))
    counts = []
    for limit in (20, 100):
        with count_statements(db) as statements:
            response = await client.get("/api/v1/store/products", params={"limit": limit}, headers=shop(tenant))
        assert len(response.json()["items"]) == limit
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


async def test_detail_statement_count_does_not_grow_with_variants(client, admin, tenant, db) -> None:
    small = await create(client, admin, product_body("small", options=[]))
    sizes = {"name": "尺码", "values": ["XS", "S", "M", "L", "XL", "XXL"]}
    colours = {"name": "颜色", "values": ["红", "橙", "黄", "绿", "蓝"]}
    big = await create(client, admin, product_body("big", options=[sizes, colours], sku="BIG"))
    assert len(small["variants"]) == 1 and len(big["variants"]) == 30
    counts = []
    for product in (small, big):
        with count_statements(db) as statements:
            response = await client.get(f"/api/v1/store/products/{product['id']}", headers=shop(tenant))
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
