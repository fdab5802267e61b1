"""Catalog admin API over HTTP: CRUD, strict input, 404 across tenants, SKU conflicts, search, audit."""

from __future__ import annotations

from tests.conftest import new_tenant, staff_headers
from tests.e2e.catalog.conftest import create, product_body


async def test_create_get_and_list(client, admin) -> None:
    product = await create(client, admin, product_body())
    assert [v["sku"] for v in product["variants"]] == ["LONGJING-1", "LONGJING-2"]
    fetched = await client.get(f"/api/v1/admin/products/{product['id']}", headers=admin)
    assert fetched.status_code == 200 and fetched.json()["handle"] == "longjing"
    listed = (await client.get("/api/v1/admin/products", headers=admin)).json()
    assert [p["id"] for p in listed["items"]] == [product["id"]] and listed["next_cursor"] is None


async def test_unknown_fields_and_tenant_id_are_422(client, admin) -> None:
    product = await create(client, admin, product_body())
    bad_create = await client.post("/api/v1/admin/products", json=product_body(colour="red"), headers=admin)
    assert bad_create.status_code == 422 and bad_create.json()["code"] == "validation_failed"
    bad_patch = await client.patch(f"/api/v1/admin/products/{product['id']}", json={"tenant_id": "x"}, headers=admin)
    assert bad_patch.status_code == 422
    assert bad_patch.json()["errors"][0]["field"] == "tenant_id"
    bad_handle = await client.post("/api/v1/admin/products", json=product_body("Not A Slug"), headers=admin)
    assert bad_handle.status_code == 422


async def test_patch_status_archives_and_archive_endpoint_is_idempotent(client, admin) -> None:
    product = await create(client, admin, product_body())
    patched = await client.patch(f"/api/v1/admin/products/{product['id']}", json={"status": "archived"}, headers=admin)
    assert patched.status_code == 200 and patched.json()["status"] == "archived"
    again = await client.post(f"/api/v1/admin/products/{product['id']}/archive", headers=admin)
    assert again.status_code == 200 and again.json()["status"] == "archived"
    drafts = await client.get("/api/v1/admin/products", params={"status": "active"}, headers=admin)
    assert drafts.json()["items"] == []


async def test_duplicate_sku_is_a_409_problem(client, admin) -> None:
    await create(client, admin, product_body())
    response = await client.post("/api/v1/admin/products", json=product_body("other", sku="LONGJING"), headers=admin)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "sku_taken" and response.json()["sku"] == "LONGJING-1"


async def test_another_tenant_gets_404_for_get_and_patch(client, db, admin) -> None:
    product = await create(client, admin, product_body())
    intruder = await staff_headers(client, await new_tenant(db))
    url = f"/api/v1/admin/products/{product['id']}"
    assert (await client.get(url, headers=intruder)).status_code == 404
    patched = await client.patch(url, json={"name": "mine"}, headers=intruder)
    assert patched.status_code == 404 and patched.json()["code"] == "product_not_found"
    variant_url = f"/api/v1/admin/variants/{product['variants'][0]['id']}"
    assert (await client.patch(variant_url, json={"price": 1}, headers=intruder)).status_code == 404


async def test_variants_and_channel_prices(client, admin) -> None:
    product = await create(client, admin, product_body())
    added = await client.post(
        f"/api/v1/admin/products/{product['id']}/variants",
        json={"sku": "LJ-250", "options": ["250g"], "price": 20000, "image_url": "/media/longjing.svg"},
        headers=admin,
    )
    assert added.status_code == 201, added.text
    variant_id = added.json()["id"]
    patched = await client.patch(f"/api/v1/admin/variants/{variant_id}", json={"price": 19000}, headers=admin)
    assert patched.json()["price"] == 19000
    prices = await client.put(
        f"/api/v1/admin/variants/{variant_id}/prices",
        json={"prices": [{"channel": "online", "price": 18000}, {"channel": "dealer:a", "price": 15000}]},
        headers=admin,
    )
    assert prices.status_code == 200
    assert {p["channel"]: p["price"] for p in prices.json()["channel_prices"]} == {"online": 18000, "dealer:a": 15000}
    dup = await client.put(
        f"/api/v1/admin/variants/{variant_id}/prices",
        json={"prices": [{"channel": "online", "price": 1}, {"channel": "online", "price": 2}]},
        headers=admin,
    )
    assert dup.status_code == 422


async def test_search_in_chinese_and_sort_with_cursor(client, admin) -> None:
    await create(client, admin, product_body("longjing", name="龙井茶", price=8800))
    await create(client, admin, product_body("puer", name="普洱茶", price=15800))
    await create(client, admin, product_body("cup", name="茶杯", price=3000, options=[]))
    await create(client, admin, product_body("vase", name="花瓶", price=100, options=[]))
    found = await client.get("/api/v1/admin/products", params={"q": "茶"}, headers=admin)
    assert {p["handle"] for p in found.json()["items"]} == {"longjing", "puer", "cup"}
    by_sku = await client.get("/api/v1/admin/products", params={"q": "puer-2"}, headers=admin)
    assert [p["handle"] for p in by_sku.json()["items"]] == ["puer"]
    english = await client.get("/api/v1/admin/products", params={"q": "LONGJING TEA"}, headers=admin)
    assert len(english.json()["items"]) == 4  # every test product shares the English name
    handles, cursor = [], None
    for _ in range(5):
        params = {"sort": "price", "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/admin/products", params=params, headers=admin)).json()
        handles += [p["handle"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert handles == ["vase", "cup", "longjing", "puer"]
    assert (await client.get("/api/v1/admin/products", params={"limit": 101}, headers=admin)).status_code == 422
    bad = await client.get("/api/v1/admin/products", params={"cursor": "nope"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_cursor"


async def test_categories_tree_and_delete_only_when_empty(client, admin) -> None:
    tea = (await client.post("/api/v1/admin/categories", json={"name": "茶叶", "handle": "tea"}, headers=admin)).json()
    green = await client.post(
        "/api/v1/admin/categories",
        json={"name": "绿茶", "translations": {"en": {"name": "Green tea"}}, "parent_id": tea["id"]},
        headers=admin,
    )
    assert green.status_code == 201
    tree = await client.get(
        "/api/v1/admin/categories", params={"shape": "tree"}, headers={**admin, "Accept-Language": "en"}
    )
    assert tree.json()[0]["children"][0]["name"] == "Green tea"
    cycle = await client.patch(
        f"/api/v1/admin/categories/{tea['id']}", json={"parent_id": green.json()["id"]}, headers=admin
    )
    assert cycle.status_code == 409 and cycle.json()["code"] == "category_cycle"
    await create(client, admin, product_body(category_ids=[green.json()["id"]]))
    busy = await client.delete(f"/api/v1/admin/categories/{green.json()['id']}", headers=admin)
    assert busy.status_code == 409 and busy.json()["code"] == "category_not_empty"
    empty = await client.post("/api/v1/admin/categories", json={"name": "空"}, headers=admin)
    assert (await client.delete(f"/api/v1/admin/categories/{empty.json()['id']}", headers=admin)).status_code == 204
    flat = (await client.get("/api/v1/admin/categories", headers=admin)).json()
    assert {c["handle"] for c in flat} == {"tea", "绿茶"}


async def test_brands_and_audit_trail(client, admin) -> None:
    brand = await client.post("/api/v1/admin/brands", json={"name": "青屿", "handle": "qingyu"}, headers=admin)
    assert brand.status_code == 201
    taken = await client.post("/api/v1/admin/brands", json={"name": "x", "handle": "qingyu"}, headers=admin)
    assert taken.status_code == 409 and taken.json()["code"] == "handle_taken"
    await create(client, admin, product_body(brand_id=brand.json()["id"]))
    in_use = await client.delete(f"/api/v1/admin/brands/{brand.json()['id']}", headers=admin)
    assert in_use.status_code == 409 and in_use.json()["code"] == "brand_in_use"
    log = (await client.get("/api/v1/admin/audit-log", headers=admin)).json()["items"]
    assert [e["action"] for e in log] == ["product.create", "brand.create"]
