"""Parsers read the real Shopify exports intact, and Shoal's own format, without touching a database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shoal.imports import formats, shoal_csv, shopify
from shoal.imports.errors import UnknownFileFormat

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "shopify-product-csvs"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "shoal-products.csv"
SHOPIFY_FILES = sorted(SHARED.glob("*.csv"))


def _raw_counts(path: Path) -> tuple[int, int]:
    """Products and variants as the raw CSV states them: handles, and rows with variant cells."""
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    handles = {r["Handle"] for r in rows}
    variant_rows = [r for r in rows if r.get("Variant SKU") or r.get("Variant Price") or r.get("Option1 Value")]
    return len(handles), len(variant_rows)


@pytest.mark.skipif(not SHOPIFY_FILES, reason="../shared/data is not beside the checkout")
@pytest.mark.parametrize("path", SHOPIFY_FILES, ids=lambda p: p.name)
def test_every_product_and_variant_of_the_real_shopify_files_is_read(path: Path) -> None:
    parsed = formats.parse(path.read_text(encoding="utf-8"))
    products, variants = _raw_counts(path)
    assert parsed.format == "shopify"
    assert len(parsed.products) == products
    assert sum(len(p.variants) for p in parsed.products) == variants
    assert not parsed.errors and not [e for p in parsed.products for e in p.errors]
    for product in parsed.products:
        assert product.name and product.variants
        assert all(len(v.options) == len(product.option_names) for v in product.variants)
        assert all(isinstance(v.price, int) and v.price >= 0 for v in product.variants)


@pytest.mark.skipif(not SHOPIFY_FILES, reason="../shared/data is not beside the checkout")
def test_shopify_template_prices_weights_images_and_default_title() -> None:
    parsed = shopify.parse((SHARED / "product_template.csv").read_text(encoding="utf-8"))
    shirt = parsed.products[0]
    assert shirt.option_names and shirt.images
    first = shirt.variants[0]
    assert first.price > 0 and first.weight_grams >= 0
    simple = [p for p in parsed.products if not p.option_names]
    assert all(len(p.variants) == 1 and p.variants[0].options == [] for p in simple)


def test_shoal_format_reads_products_and_reports_bad_rows_with_their_line() -> None:
    parsed = formats.parse(FIXTURE.read_text(encoding="utf-8"))
    assert parsed.format == "shoal"
    by_handle = {p.handle: p for p in parsed.products}
    tea = by_handle["green-tea"]
    assert [v.sku for v in tea.variants] == ["LJ-50", "LJ-100"]
    assert [v.price for v in tea.variants] == [8800, 15800]
    assert tea.variants[1].compare_at_price == 18800 and tea.variants[1].quantity == 5
    assert tea.name == "龙井茶" and tea.name_en == "Longjing tea" and tea.tags == ["绿茶", "明前"]
    broken = by_handle["broken"].errors
    assert [(e.row, e.code) for e in broken] == [(5, "invalid_amount")]


def test_repeated_sku_refuses_the_later_product() -> None:
    text = shoal_csv.write(
        [
            {"handle": "a", "name_zh": "甲", "sku": "S-1", "price": "1.00"},
            {"handle": "b", "name_zh": "乙", "sku": "S-1", "price": "2.00"},
        ]
    )
    first, second = formats.parse(text).products
    assert not first.errors
    assert [(e.row, e.code) for e in second.errors] == [(3, "duplicate_sku")]


def test_a_file_that_is_no_product_csv_is_refused() -> None:
    with pytest.raises(UnknownFileFormat):
        formats.parse("a,b,c\n1,2,3\n")


def test_negative_quantity_is_a_row_error() -> None:
    text = shoal_csv.write([{"handle": "a", "name_zh": "甲", "sku": "S-1", "price": "1.00", "quantity": "-2"}])
    parsed = formats.parse(text)
    assert [e.code for e in parsed.products[0].errors] == ["invalid_quantity"]
