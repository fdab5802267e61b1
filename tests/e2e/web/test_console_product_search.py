"""The console's product list over HTTP finds products as the storefront does (tags, category names,
description words, pinyin), and the English console names products and categories in English."""

from __future__ import annotations

import httpx

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas import ProductCreate
from shoal.catalog.schemas_taxonomy import CategoryCreate
from tests.conftest import staff_actor
from tests.e2e.web.conftest import sign_in


async def _white_tea(db, tenant) -> None:  # type: ignore[no-untyped-def]
    uow = lambda: db.uow(tenant_id=tenant.id, actor=staff_actor())  # noqa: E731
    category = await taxonomy.create_category(
        uow(), data=CategoryCreate(name="福鼎茶", translations={"en": {"name": "Fuding Tea"}})
    )
    await catalog.create_product(
        uow(),
        data=ProductCreate(
            name="白牡丹",
            handle="baimudan",
            description="<p>采自<strong>太姥山</strong></p>",
            translations={"en": {"name": "White Peony"}},
            tags=["白茶"],
            category_ids=[category.id],
            price=12800,
        ),
    )
    await catalog.create_product(uow(), data=ProductCreate(name="玻璃杯", handle="cup", price=3900))


async def _listed(web: httpx.AsyncClient, q: str) -> bool:
    page = await web.get("/console/products", params={"q": q})
    assert page.status_code == 200
    assert "玻璃杯" not in page.text, q
    return "/console/products/" in page.text and "baimudan" in page.text


async def test_the_product_list_finds_tags_categories_descriptions_and_pinyin(web, db, tenant) -> None:  # type: ignore[no-untyped-def]
    await _white_tea(db, tenant)
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    for q in ("白茶", "福鼎茶", "fuding", "太姥山", "bmd", "baimudan"):
        assert await _listed(web, q), q
