"""Importing real files into a shop: every product intact, re-import updates, bad products skipped whole."""

from __future__ import annotations

import pytest

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.core.errors import ShoalError
from shoal.imports import service as imports
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate
from tests.conftest import new_tenant, staff_actor
from tests.unit.imports.test_parsers import (
    FIXTURE,
    SHARED,
    SHOPIFY_2024_FIXTURE,
    SHOPIFY_FILES,
    SHOPIFY_FIXTURE,
    _raw_counts,
)
from tests.unit.imports.test_woocommerce import WOO


async def _catalog_counts(uow_factory) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    page = await catalog.list_products(uow_factory(), limit=100)
    variants = 0
    for item in page.items:
        variants += len((await catalog.get_product(uow_factory(), product_id=item.id)).variants)
    return len(page.items), variants


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the checkout")
@pytest.mark.parametrize("path", SHOPIFY_FILES, ids=lambda p: p.name)
async def test_a_real_shopify_file_imports_whole_and_again_without_duplicates(uow_factory, path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    products, variants = _raw_counts(path)
    first = await imports.import_products(uow_factory, text=text)
    assert (first.created, first.updated, first.failed, first.problems) == (products, 0, 0, [])
    assert await _catalog_counts(uow_factory) == (products, variants)
    again = await imports.import_products(uow_factory, text=text)
    assert (again.created, again.updated, again.failed) == (0, products, 0)
    assert await _catalog_counts(uow_factory) == (products, variants)


async def test_bad_product_is_skipped_whole_and_stock_lands_in_the_first_warehouse(uow_factory) -> None:
    seen: list[tuple[int, int]] = []
    report = await imports.import_products(
        uow_factory, text=FIXTURE.read_text(encoding="utf-8"), progress=lambda d, t: seen.append((d, t))
    )
    assert (report.products, report.created, report.failed) == (3, 2, 1)
    assert [(p.row, p.handle, p.code) for p in report.problems] == [(5, "broken", "invalid_amount")]
    assert report.stock_rows == 2 and seen[-1] == (3, 3)
    handles = {p.handle for p in (await catalog.list_products(uow_factory(), limit=10)).items}
    assert handles == {"green-tea", "teacup"}
    warehouses = await inventory.list_locations(uow_factory(), kind="warehouse")
    assert [w.code for w in warehouses] == ["DEFAULT"]
    tea = next(p for p in (await catalog.list_products(uow_factory(), limit=10)).items if p.handle == "green-tea")
    detail = await catalog.get_product(uow_factory(), product_id=tea.id)
    counts = await inventory.availability(uow_factory(), variant_ids=[v.id for v in detail.variants])
    assert sorted(counts.values()) == [5, 10]


async def test_a_sku_owned_by_another_product_refuses_only_that_product(uow_factory) -> None:
    await imports.import_products(uow_factory, text=FIXTURE.read_text(encoding="utf-8"))
    clash = "handle,name_zh,sku,price\nother-tea,别的茶,LJ-50,1.00\nfine,好茶,FINE-1,2.00\n"
    report = await imports.import_products(uow_factory, text=clash)
    assert (report.created, report.failed) == (1, 1)
    assert report.problems[0].handle == "other-tea" and report.problems[0].code == "sku_taken"


async def test_export_reimports_to_the_same_catalog(uow_factory, db) -> None:
    await imports.import_products(uow_factory, text=FIXTURE.read_text(encoding="utf-8"))
    exported = await imports.export_products_csv(uow_factory)
    before = await _catalog_counts(uow_factory)
    report = await imports.import_products(uow_factory, text=exported)
    assert (report.created, report.failed, report.updated) == (0, 0, 2)
    assert await _catalog_counts(uow_factory) == before
    assert "龙井茶" in exported and "88.00" in exported


async def test_the_2024_layout_updates_what_the_classic_layout_made(uow_factory) -> None:
    first = await imports.import_products(uow_factory, text=SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    assert (first.created, first.failed, first.stock_rows) == (3, 0, 16)
    again = await imports.import_products(uow_factory, text=SHOPIFY_2024_FIXTURE.read_text(encoding="utf-8"))
    assert (again.created, again.updated, again.failed) == (0, 3, 0)
    assert await _catalog_counts(uow_factory) == (3, 16)
    pants = next(p for p in (await catalog.list_products(uow_factory(), limit=10)).items if p.handle == "example-pants")
    detail = await catalog.get_product(uow_factory(), product_id=pants.id)
    first = detail.variants[0]
    assert (first.sku, first.price, first.compare_at_price, first.weight_grams) == (
        "PNT_DEN_285", 9500, 6495, 227,
    )  # fmt: skip
    assert len(detail.images) == 4 and detail.status == "draft"
    counts = await inventory.availability(uow_factory(), variant_ids=[v.id for v in detail.variants])
    assert sorted(counts.values()) == [10, 15, 20]


async def test_oversold_stock_imports_as_zero_at_the_chosen_location_with_a_warning(uow_factory) -> None:
    store = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="SH-01", kind="store", name="上海店", priority=5)
    )
    text = "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty\n"
    text += "mug,Mug,Title,Default Title,MUG 1,12.50,-4\n"
    report = await imports.import_products(uow_factory, text=text, location_code="SH-01")
    assert (report.created, report.failed, report.stock_rows) == (1, 0, 1)
    assert sorted((w.row, w.code) for w in report.warnings) == [
        (2, "negative_stock_zeroed"),
        (2, "sku_spaces_replaced"),
    ]
    mug = (await catalog.list_products(uow_factory(), limit=10)).items[0]
    detail = await catalog.get_product(uow_factory(), product_id=mug.id)
    assert [v.sku for v in detail.variants] == ["MUG-1"]
    variant_id = detail.variants[0].id
    assert await inventory.availability_by_location(uow_factory(), variant_ids=[variant_id]) == {
        variant_id: {store.id: 0}
    }
    assert [w.code for w in await inventory.list_locations(uow_factory(), kind="warehouse")] == []


async def test_an_unknown_location_code_refuses_the_file_before_writing(uow_factory) -> None:
    with pytest.raises(ShoalError) as raised:
        await imports.import_products(uow_factory, text=FIXTURE.read_text(encoding="utf-8"), location_code="NOPE")
    assert raised.value.code == "unknown_location"
    assert (await catalog.list_products(uow_factory(), limit=10)).items == []


@pytest.mark.skipif(not WOO.exists(), reason="../shared/data is not beside the checkout")
async def test_the_woocommerce_sample_imports_and_reimports(uow_factory) -> None:
    text = (WOO / "sample_products.csv").read_text(encoding="utf-8")
    report = await imports.import_products(uow_factory, text=text)
    assert (report.format, report.created, report.failed, report.problems) == ("woocommerce", 17, 0, [])
    assert [(w.row, w.code) for w in report.warnings] == [(24, "grouped_as_category")]
    again = await imports.import_products(uow_factory, text=text, fmt="woocommerce")
    assert (again.created, again.updated, again.failed) == (0, 17, 0)
    assert await _catalog_counts(uow_factory) == (17, 22)
    collection = [c for c in await taxonomy.list_categories(uow_factory()) if c.name == "Logo Collection"]
    assert len(collection) == 1  # found by name the second time
    held = await catalog.list_products(uow_factory(), limit=100, category_id=collection[0].id)
    assert sorted(p.handle for p in held.items) == ["beanie", "hoodie-with-logo", "t-shirt"]


async def _snapshot(uow_factory) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """What a merchant sees of each product, with brand and category by name (ids differ between shops)."""
    brands = {b.id: b.name for b in await taxonomy.list_brands(uow_factory())}
    categories = {c.id: c.name for c in await taxonomy.list_categories(uow_factory())}
    seen = {}
    for item in (await catalog.list_products(uow_factory(), limit=100)).items:
        p = await catalog.get_product(uow_factory(), product_id=item.id)
        images = {i.id: i.url for i in p.images}
        seen[p.handle] = (
            p.name, p.description, p.status, p.tags, brands.get(p.brand_id or ""),
            sorted(categories[c] for c in p.category_ids), [(o.name, o.values) for o in p.options],
            sorted(images.values()), p.translations.get("en"),
            [(v.sku, v.options, v.price, v.compare_at_price, v.weight_grams, v.barcode, images.get(v.image_id or ""))
             for v in p.variants],
        )  # fmt: skip
    return seen


@pytest.mark.parametrize("source", [FIXTURE, SHOPIFY_FIXTURE, *SHOPIFY_FILES, *WOO.glob("*.csv")], ids=lambda p: p.name)
async def test_an_export_imports_into_another_shop_as_the_same_catalog(uow_factory, db, source) -> None:  # type: ignore[no-untyped-def]
    await imports.import_products(uow_factory, text=source.read_text(encoding="utf-8"))
    exported = await imports.export_products_csv(uow_factory)
    other = await new_tenant(db)
    other_uow = lambda: db.uow(tenant_id=other.id, actor=staff_actor())  # noqa: E731
    report = await imports.import_products(other_uow, text=exported)
    assert (report.format, report.failed, report.problems) == ("shoal", 0, [])
    assert await _snapshot(other_uow) == await _snapshot(uow_factory)


async def test_a_value_the_catalog_refuses_is_reported_on_its_variants_row(uow_factory) -> None:
    text = "handle,name_zh,option1_name,option1_value,sku,barcode,price\n"
    text += "pen,笔,颜色,黑,PEN-B,,3.00\npen,,,蓝,PEN-L," + "9" * 65 + ",3.00\n"
    report = await imports.import_products(uow_factory, text=text)
    assert (report.created, report.failed) == (0, 1)
    assert [(p.row, p.code) for p in report.problems] == [(3, "invalid_product")]
    assert "barcode" in report.problems[0].message
