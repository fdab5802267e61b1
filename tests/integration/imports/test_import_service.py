"""Importing real files into a shop: every product intact, re-import updates, bad products skipped whole."""

from __future__ import annotations

import pytest

from shoal.catalog import service as catalog
from shoal.imports import service as imports
from shoal.inventory import service as inventory
from tests.unit.imports.test_parsers import FIXTURE, SHARED, _raw_counts

REAL_FILES = ["apparel.csv", "velofant_products_export_1.csv", "product_template.csv"]


async def _catalog_counts(uow_factory) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    page = await catalog.list_products(uow_factory(), limit=100)
    variants = 0
    for item in page.items:
        variants += len((await catalog.get_product(uow_factory(), product_id=item.id)).variants)
    return len(page.items), variants


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the checkout")
@pytest.mark.parametrize("name", REAL_FILES)
async def test_a_real_shopify_file_imports_whole_and_again_without_duplicates(uow_factory, name: str) -> None:
    text = (SHARED / name).read_text(encoding="utf-8")
    products, variants = _raw_counts(SHARED / name)
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
