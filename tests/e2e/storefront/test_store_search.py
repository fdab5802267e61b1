"""Storefront search over HTTP finds what a shopper remembers of a product, as a WeChat mall does: a tag,
a category (and the one above it) in Chinese or English, a word of the description, pinyin in full or by
initials, every word of a query; renaming a category re-indexes its products."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.catalog.conftest import create, product_body


def shop(tenant: Any) -> dict[str, str]:
    return {"X-Shoal-Tenant": tenant.slug}


async def found(client: httpx.AsyncClient, tenant: Any, q: str) -> list[str]:
    response = await client.get("/api/v1/store/products", params={"q": q}, headers=shop(tenant))
    assert response.status_code == 200, response.text
    return sorted(p["handle"] for p in response.json()["items"])


async def category(client: httpx.AsyncClient, admin: dict[str, str], name: str, **body: Any) -> str:
    response = await client.post("/api/v1/admin/categories", json={"name": name, **body}, headers=admin)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def white_tea(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[str, str]:
    """白牡丹 tagged 白茶, in 福鼎茶 (Fuding Tea) under 茶叶; a cup beside it that none of these find."""
    tea = await category(client, admin, "茶叶")
    fuding = await category(client, admin, "福鼎茶", parent_id=tea, translations={"en": {"name": "Fuding Tea"}})
    await create(
        client,
        admin,
        product_body(
            "baimudan",
            name="白牡丹",
            tags=["白茶", "明前"],
            category_ids=[fuding],
            description="<p>采自<strong>太姥山</strong>的一芽两叶 &amp; silver tips</p><script>ignored()</script>",
            translations={"en": {"name": "White Peony"}},
        ),
    )
    await create(
        client,
        admin,
        product_body(
            "cup", name="玻璃杯", sku="CUP", description="耐热玻璃", translations={"en": {"name": "Glass Cup"}}
        ),
    )
    return tea, fuding


async def test_tags_categories_and_description_words_find_a_product(client, admin, tenant) -> None:
    await white_tea(client, admin)
    assert await found(client, tenant, "白茶") == ["baimudan"]
    assert await found(client, tenant, "福鼎茶") == ["baimudan"]
    assert await found(client, tenant, "fuding") == ["baimudan"]
    assert await found(client, tenant, "茶叶") == ["baimudan"]
    assert await found(client, tenant, "太姥山") == ["baimudan"]
    assert await found(client, tenant, "silver tips") == ["baimudan"]
    assert await found(client, tenant, "strong") == [] and await found(client, tenant, "ignored") == []


async def test_pinyin_in_full_or_by_initials_finds_a_chinese_name(client, admin, tenant) -> None:
    await white_tea(client, admin)
    for q in ("bmd", "BMD", "ＢＭＤ", "baimudan", "bai mu dan", "baicha", "bl"):
        assert await found(client, tenant, q) == (["cup"] if q == "bl" else ["baimudan"]), q


async def test_every_word_of_a_query_must_match(client, admin, tenant) -> None:
    await white_tea(client, admin)
    assert await found(client, tenant, "白茶 太姥山") == ["baimudan"]
    assert await found(client, tenant, "白茶 玻璃") == []
    assert await found(client, tenant, "玻璃") == ["cup"]


async def test_renaming_or_moving_a_category_reindexes_its_products(client, admin, tenant) -> None:
    tea, fuding = await white_tea(client, admin)
    renamed = await client.patch(f"/api/v1/admin/categories/{tea}", json={"name": "名茶"}, headers=admin)
    assert renamed.status_code == 200, renamed.text
    assert await found(client, tenant, "名茶") == ["baimudan"] and await found(client, tenant, "茶叶") == []
    await client.patch(
        f"/api/v1/admin/categories/{fuding}", json={"translations": {"en": {"name": "Silver Needle"}}}, headers=admin
    )
    assert await found(client, tenant, "needle") == ["baimudan"] and await found(client, tenant, "fuding tea") == []
    moved = await client.patch(f"/api/v1/admin/categories/{fuding}", json={"parent_id": None}, headers=admin)
    assert moved.status_code == 200, moved.text
    assert await found(client, tenant, "名茶") == []


async def test_editing_tags_reindexes_the_product(client, admin, tenant) -> None:
    await white_tea(client, admin)
    cup = (await client.get("/api/v1/admin/products", params={"q": "cup"}, headers=admin)).json()["items"][0]
    await client.patch(f"/api/v1/admin/products/{cup['id']}", json={"tags": ["茶具"]}, headers=admin)
    assert await found(client, tenant, "茶具") == ["cup"] and await found(client, tenant, "cj") == ["cup"]
