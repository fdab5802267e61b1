"""Catalog services on both databases: create, upsert, update, duplicate SKUs, tenancy, pricing snapshots."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shoal.catalog import service, service_taxonomy, service_variants
from shoal.catalog.errors import SkuTaken
from shoal.catalog.models import Variant
from shoal.catalog.schemas import ChannelPricesIn, ProductUpdate, VariantIn, VariantUpdate
from shoal.catalog.schemas_taxonomy import CategoryCreate
from shoal.core.audit import AuditEntry
from shoal.core.errors import Forbidden, NotFound, ValidationFailed
from tests.conftest import new_tenant, staff_actor
from tests.integration.catalog.conftest import tea


async def test_options_generate_variants_in_stable_order(uow_factory) -> None:
    product = await service.create_product(uow_factory(), data=tea())
    assert [v.options for v in product.variants] == [["50g", "罐"], ["50g", "袋"], ["100g", "罐"], ["100g", "袋"]]
    assert [v.sku for v in product.variants] == ["LONGJING-1-1", "LONGJING-1-2", "LONGJING-2-1", "LONGJING-2-2"]
    assert {v.price for v in product.variants} == {8800}
    assert product.price_min == 8800 and product.currency == "CNY"
    assert product.translations["en"]["name"] == "West Lake Longjing Tea"


async def test_explicit_variants_and_an_image_per_variant(uow_factory) -> None:
    data = tea(
        variants=[
            {"sku": "LJ-S", "options": ["50g", "罐"], "price": 5000, "image_url": "/media/b.svg", "barcode": "690"},
            {"sku": "LJ-L", "options": ["100g", "袋"], "price": 9000},
        ]
    )
    product = await service.create_product(uow_factory(), data=data)
    images = {i.url: i.id for i in product.images}
    assert [v.sku for v in product.variants] == ["LJ-S", "LJ-L"]
    assert product.variants[0].image_id == images["/media/b.svg"]
    assert product.price_min == 5000


async def test_explicit_variant_with_an_unknown_option_value_is_refused(uow_factory) -> None:
    data = tea(variants=[{"sku": "X", "options": ["1kg", "罐"], "price": 1}])
    with pytest.raises(ValidationFailed):
        await service.create_product(uow_factory(), data=data)


async def test_duplicate_sku_is_a_conflict_and_writes_nothing(uow_factory, db, tenant) -> None:
    await service.create_product(uow_factory(), data=tea())
    with pytest.raises(SkuTaken):
        await service.create_product(uow_factory(), data=tea("other", sku="LONGJING"))
    async with db.uow(tenant_id=tenant.id) as uow:
        count = await uow.s.scalar(select(func.count()).select_from(Variant).where(Variant.tenant_id == tenant.id))
    assert count == 4


async def test_same_sku_in_another_tenant_is_fine(uow_factory, db) -> None:
    await service.create_product(uow_factory(), data=tea())
    other = await new_tenant(db)
    created = await service.create_product(db.uow(tenant_id=other.id, actor=staff_actor()), data=tea())
    assert created.variants[0].sku == "LONGJING-1-1"


async def test_upsert_is_idempotent_and_matches_variants_by_sku(uow_factory) -> None:
    first, created = await service.upsert_product(uow_factory(), data=tea())
    again, created_again = await service.upsert_product(uow_factory(), data=tea())
    assert created and not created_again
    assert again.id == first.id
    assert [v.id for v in again.variants] == [v.id for v in first.variants]
    assert [i.id for i in again.images] == [i.id for i in first.images]
    assert [o.id for o in again.options] == [o.id for o in first.options]
    changed, _ = await service.upsert_product(uow_factory(), data=tea(price=7600, name="龙井"))
    assert changed.name == "龙井" and {v.price for v in changed.variants} == {7600}
    assert [v.id for v in changed.variants] == [v.id for v in first.variants]


async def test_partial_update_archive_and_audit(uow_factory, db, tenant) -> None:
    product = await service.create_product(uow_factory(), data=tea())
    updated = await service.update_product(uow_factory(), product_id=product.id, data=ProductUpdate(name="新名字"))
    assert updated.name == "新名字" and updated.description == "明前龙井"
    archived = await service.archive_product(uow_factory(), product_id=product.id)
    assert archived.status == "archived"
    async with db.uow(tenant_id=tenant.id) as uow:
        actions = (
            await uow.s.execute(
                select(AuditEntry.action).where(AuditEntry.tenant_id == tenant.id).order_by(AuditEntry.id)
            )
        ).scalars()
        assert list(actions) == ["product.create", "product.update", "product.update"]


async def test_another_tenants_product_is_not_found(uow_factory, db) -> None:
    product = await service.create_product(uow_factory(), data=tea())
    other = await new_tenant(db)
    intruder = db.uow(tenant_id=other.id, actor=staff_actor())
    with pytest.raises(NotFound):
        await service.get_product(intruder, product_id=product.id)
    with pytest.raises(NotFound):
        await service.update_product(
            db.uow(tenant_id=other.id, actor=staff_actor()), product_id=product.id, data=ProductUpdate(name="x")
        )
    with pytest.raises(NotFound):
        await service_variants.update_variant(
            db.uow(tenant_id=other.id, actor=staff_actor()),
            variant_id=product.variants[0].id,
            data=VariantUpdate(price=1),
        )


async def test_a_clerk_may_read_but_not_write(uow_factory) -> None:
    with pytest.raises(Forbidden):
        await service.create_product(uow_factory(staff_actor("clerk")), data=tea())


async def test_add_and_update_variants(uow_factory) -> None:
    product = await service.create_product(uow_factory(), data=tea())
    added = await service_variants.add_variant(
        uow_factory(), product_id=product.id, data=VariantIn(sku="LJ-250", options=["250g", "罐"], price=20000)
    )
    reread = await service.get_product(uow_factory(), product_id=product.id)
    assert reread.options[0].values == ["50g", "100g", "250g"]
    assert added.title == "250g / 罐"
    with pytest.raises(SkuTaken):
        await service_variants.update_variant(
            uow_factory(), variant_id=added.id, data=VariantUpdate(sku="LONGJING-1-1")
        )
    cheaper = await service_variants.update_variant(uow_factory(), variant_id=added.id, data=VariantUpdate(price=100))
    assert cheaper.price == 100
    assert (await service.get_product(uow_factory(), product_id=product.id)).price_min == 100


async def test_channel_prices_and_the_pricing_snapshot(uow_factory) -> None:
    category = await service_taxonomy.create_category(uow_factory(), data=CategoryCreate(name="茶叶", handle="tea"))
    product = await service.create_product(uow_factory(), data=tea(category_ids=[category.id]))
    variant = product.variants[0]
    prices = ChannelPricesIn.model_validate(
        {
            "prices": [
                {"channel": "online", "price": 8000},
                {"channel": "online", "customer_group": "vip", "price": 7000},
            ]
        }
    )
    await service_variants.set_channel_prices(uow_factory(), variant_id=variant.id, data=prices)
    again = await service_variants.set_channel_prices(uow_factory(), variant_id=variant.id, data=prices)
    assert len(again.channel_prices) == 2
    ids = [variant.id, product.variants[1].id, "missing"]
    online = await service_variants.variants_for_pricing(uow_factory(), variant_ids=ids)
    vip = await service_variants.variants_for_pricing(uow_factory(), variant_ids=ids, customer_group="vip")
    store = await service_variants.variants_for_pricing(uow_factory(), variant_ids=ids, channel="store:x")
    assert set(online) == {variant.id, product.variants[1].id}
    assert online[variant.id].unit_price == 8000 and vip[variant.id].unit_price == 7000
    assert store[variant.id].unit_price == 8800 and online[product.variants[1].id].unit_price == 8800
    snap = online[variant.id]
    assert snap.name == {"zh-CN": "西湖龙井茶", "en": "West Lake Longjing Tea"}
    assert snap.category_ids == [category.id] and snap.image == "/media/a.svg" and snap.currency == "CNY"
    assert snap.product_status == "active" and snap.tags == ["绿茶"]


async def test_list_filters_search_and_keyset_sort(uow_factory) -> None:
    for i, price in enumerate([300, 100, 200]):
        await service.create_product(
            uow_factory(), data=tea(f"p{i}", name=f"茶{i}", price=price, options=[], images=[], sku=f"S{i}")
        )
    await service.create_product(uow_factory(), data=tea("coffee", name="咖啡", options=[], price=5, sku="C", tags=[]))
    found = await service.list_products(uow_factory(), limit=10, q="茶")
    assert {p.handle for p in found.items} == {"p0", "p1", "p2"}
    assert [p.handle for p in (await service.list_products(uow_factory(), limit=10, q="s1")).items] == ["p1"]
    assert (await service.list_products(uow_factory(), limit=10, q="%")).items == []
    seen, cursor = [], None
    while True:
        page = await service.list_products(uow_factory(), limit=2, cursor=cursor, sort="-price")
        seen += [p.price_min for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [300, 200, 100, 5]


async def test_list_filters_by_category_and_status(uow_factory) -> None:
    category = await service_taxonomy.create_category(uow_factory(), data=CategoryCreate(name="绿茶"))
    inside = await service.create_product(uow_factory(), data=tea("in", category_ids=[category.id]))
    await service.create_product(uow_factory(), data=tea("out", status="draft"))
    by_category = await service.list_products(uow_factory(), limit=10, category_id=category.id)
    assert [p.id for p in by_category.items] == [inside.id]
    drafts = await service.list_products(uow_factory(), limit=10, status="draft")
    assert [p.handle for p in drafts.items] == ["out"]
