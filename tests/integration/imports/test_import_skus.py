"""A real store's export imports whole, whatever its SKUs: long ones kept, repeated or taken ones changed and
named in the report, and a second import of the same file updates the same variants (found by handle and
option values) instead of duplicating or refusing them."""

from __future__ import annotations

import pytest

from shoal.catalog import service as catalog
from shoal.imports import service as imports
from tests.integration.imports.test_import_service import _catalog_counts
from tests.unit.imports.test_parsers import SHARED, _raw_counts
from tests.unit.imports.test_skus import LONG, REAL_SLICE
from tests.unit.imports.test_woocommerce import WOO

REAL_FILES = sorted([*SHARED.glob("*.csv"), *WOO.glob("*.csv")])


async def _skus(uow_factory) -> dict[str, list[tuple[str, str | None]]]:  # type: ignore[no-untyped-def]
    seen = {}
    for item in (await catalog.list_products(uow_factory(), limit=100)).items:
        product = await catalog.get_product(uow_factory(), product_id=item.id)
        seen[product.handle] = [(v.sku, v.source_sku) for v in product.variants]
    return seen


def _changes(report) -> list[tuple[int, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(w.row, w.code, w.source_sku, w.sku) for w in report.warnings if w.sku]


async def test_a_real_export_with_repeated_and_long_skus_imports_whole_and_again_the_same(uow_factory) -> None:
    text = REAL_SLICE.read_text(encoding="utf-8")
    first = await imports.import_products(uow_factory, text=text)
    assert (first.products, first.created, first.failed, first.problems) == (4, 4, 0, [])
    assert await _skus(uow_factory) == {
        "ken-mid-rise-bar-styre-72cm": [("HB-MID-72-X", None), ("HB-MID-72-X-2", "HB-MID-72-X")],
        "abus-varedo-47": [("LK-ABUS", None)],
        "abus-ugrip-bordo-5700k-80": [("LK-ABUS-2", "LK-ABUS")],
        "arkipelago": [(f"{LONG}-2", None), (LONG, None), (f"{LONG}-3", LONG)],
    }
    assert [c[:2] for c in _changes(first)] == [(3, "sku_repeated"), (9, "sku_repeated"), (14, "sku_repeated")]
    before = await _skus(uow_factory)
    again = await imports.import_products(uow_factory, text=text)
    assert (again.created, again.updated, again.failed, again.problems) == (0, 4, 0, [])
    assert _changes(again) == _changes(first)  # the report says the same changes again
    assert await _skus(uow_factory) == before and await _catalog_counts(uow_factory) == (4, 7)


async def test_a_sku_another_product_of_the_shop_holds_is_suffixed_and_stays_so(uow_factory) -> None:
    await imports.import_products(uow_factory, text="handle,name_zh,sku,price\nlock,店里的锁,LK-ABUS,1.00\n")
    text = REAL_SLICE.read_text(encoding="utf-8")
    for _ in range(2):
        report = await imports.import_products(uow_factory, text=text)
        assert (report.failed, report.problems) == (0, [])
        assert (6, "sku_in_use", "LK-ABUS", "LK-ABUS-3") in _changes(report)  # -2 is the file's own
    held = await _skus(uow_factory)
    assert held["lock"] == [("LK-ABUS", None)] and held["abus-varedo-47"] == [("LK-ABUS-3", "LK-ABUS")]
    assert held["abus-ugrip-bordo-5700k-80"] == [("LK-ABUS-2", "LK-ABUS")]
    assert await _catalog_counts(uow_factory) == (5, 8)


async def test_a_sku_changed_in_shopify_updates_the_variant_found_by_its_options(uow_factory) -> None:
    text = REAL_SLICE.read_text(encoding="utf-8")
    await imports.import_products(uow_factory, text=text)
    renamed = await imports.import_products(uow_factory, text=text.replace("HB-MID-72-X", "HB-MID-72"))
    assert (renamed.created, renamed.failed) == (0, 0)
    held = await _skus(uow_factory)
    assert held["ken-mid-rise-bar-styre-72cm"] == [("HB-MID-72", None), ("HB-MID-72-2", "HB-MID-72")]
    assert await _catalog_counts(uow_factory) == (4, 7)


@pytest.mark.skipif(not REAL_FILES, reason="../shared/data is not beside the checkout")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
async def test_every_real_export_imports_with_no_product_refused_and_reimports_as_updates(uow_factory, path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    first = await imports.import_products(uow_factory, text=text)
    assert (first.failed, first.problems) == (0, [])  # nothing a real export carries is refused
    counts = await _catalog_counts(uow_factory)
    if first.format == "shopify":
        assert counts == _raw_counts(path)
    again = await imports.import_products(uow_factory, text=text)
    assert (again.created, again.updated, again.failed, again.problems) == (0, first.created, 0, [])
    assert await _catalog_counts(uow_factory) == counts
