"""Parsers read the real Shopify exports intact, and Shoal's own format, without touching a database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shoal.imports import formats, shoal_csv
from shoal.imports.errors import UnknownFileFormat

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "shopify-product-csvs"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE = FIXTURES / "shoal-products.csv"
SHOPIFY_FIXTURE = FIXTURES / "shopify-product-template.csv"
SHOPIFY_2024_FIXTURE = FIXTURES / "shopify-2024-layout.csv"
SHOPIFY_FILES = sorted(SHARED.glob("*.csv"))


def _raw_counts(path: Path) -> tuple[int, int]:
    """Products and variants as the raw CSV states them: handles, and rows with variant cells."""
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    handles = {r["Handle"] for r in rows}
    variant_rows = [r for r in rows if r.get("Variant SKU") or r.get("Variant Price") or r.get("Option1 Value")]
    return len(handles), len(variant_rows)


def _raw_images(path: Path) -> dict[str, set[str]]:
    """Distinct image URLs per handle as the raw CSV states them (product images and variant images)."""
    images: dict[str, set[str]] = {}
    for r in csv.DictReader(path.open(encoding="utf-8-sig")):
        images.setdefault(r["Handle"], set()).update(u for u in (r.get("Image Src"), r.get("Variant Image")) if u)
    return images


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
    images = _raw_images(path)
    assert {p.handle: {url for _, url, _ in p.images} for p in parsed.products} == images
    skus = [v.sku for p in parsed.products for v in p.variants]
    assert len(set(skus)) == len(skus) and all(0 < len(s) <= 64 and " " not in s for s in skus)


def test_shopify_template_prices_weights_images_stock_and_default_title() -> None:
    parsed = formats.parse(SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    shirt, pants, hat = parsed.products
    assert (shirt.handle, shirt.option_names, len(shirt.variants), len(shirt.images)) == (
        "example-shirt", ["Color", "Size"], 12, 7,
    )  # fmt: skip
    assert shirt.variants[0].options == ["Green", "S"] and shirt.variants[0].sku == "SRT_COT_111"
    assert (shirt.variants[0].price, shirt.variants[0].weight_grams, shirt.status) == (2500, 145, "active")
    assert shirt.brand == "Acme" and shirt.images[0][0] == 1
    assert [v.weight_grams for v in pants.variants] == [227, 283, 397]  # grams whatever the display unit (oz)
    first = pants.variants[0]
    assert (first.price, first.compare_at_price, first.quantity) == (9500, 6495, 20)
    assert pants.status == "draft" and len(pants.images) == 4  # the image-only row adds an image, no variant
    assert (hat.option_names, hat.status, len(hat.variants)) == ([], "archived", 1)
    assert hat.variants[0].options == [] and hat.variants[0].compare_at_price == 2299
    assert hat.attributes["product_category"] and hat.attributes["shopify_handle"] == "example-hat"


def test_shopify_2024_layout_reads_the_same_as_the_classic_one() -> None:
    classic = formats.parse(SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    modern = formats.parse(SHOPIFY_2024_FIXTURE.read_text(encoding="utf-8"))
    assert modern.format == "shopify"
    assert modern.products == classic.products


def _shopify(*rows: str) -> str:
    header = "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Price,"
    return "\ufeff" + header + "Variant Inventory Qty,Image Src\n" + "\n".join(rows) + "\n\n"


def test_shopify_edge_rows_blank_skus_spaces_oversold_stock_and_stray_option_values() -> None:
    long_handle = "a-very-long-handle-" * 5
    parsed = formats.parse(
        _shopify(
            f"{long_handle},Long,Title,Default Title,,,,9.90,-3,",
            "spaced,Spaced,Size,S,,,AB 12,1,,",
            "spaced,,,M,,,,2,,",
            "stray,Stray,Size,S,,X,ST-1,1,,",
            ",,,,,,,,,https://img.example/orphan.png",
        )
    )
    long, spaced, stray = parsed.products
    assert long.variants[0].quantity == 0 and [w.code for w in long.warnings] == ["negative_stock_zeroed"]
    generated = long.variants[0].sku
    assert len(generated) <= 64 and " " not in generated and not long.errors
    again = formats.parse(_shopify(f"{long_handle},Long,Title,Default Title,,,,9.90,,")).products[0]
    assert again.variants[0].sku == generated  # the same file makes the same SKU: a re-import finds the variant
    assert [v.sku for v in spaced.variants] == ["AB-12", "spaced-2"]
    assert [(w.row, w.code) for w in spaced.warnings] == [(3, "sku_spaces_replaced")]
    assert [(e.row, e.code) for e in stray.errors] == [(5, "option_values_mismatch")]
    assert [(e.row, e.code) for e in parsed.errors] == [(6, "missing_handle")]


def test_shopify_missing_option_value_and_bad_price_name_their_rows() -> None:
    parsed = formats.parse(_shopify("tee,Tee,Size,S,Color,Red,T-1,1,,", "tee,,,M,,,T-2,1,,", "cap,Cap,,,,,C-1,1.2.3,,"))
    tee, cap = parsed.products
    assert [(e.row, e.code, e.handle) for e in tee.errors] == [(3, "option_values_mismatch", "tee")]
    assert [(e.row, e.code) for e in cap.errors] == [(4, "invalid_amount")]
    assert "Variant Price" in cap.errors[0].message_en and "19.90" in cap.errors[0].message_zh


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


def test_shoal_rows_need_one_value_per_named_option_and_read_extra_images() -> None:
    text = shoal_csv.write(
        [
            {"handle": "tee", "name_zh": "T恤", "option1_name": "尺码", "option1_value": "S", "sku": "T-S",
             "price": "59", "images": "https://img.example/1.png https://img.example/2.png"},
            {"handle": "tee", "option1_value": "M", "option2_value": "红", "sku": "T-M", "price": "59"},
            {"handle": "tee", "sku": "T-L", "price": "59", "image": "https://img.example/2.png"},
        ]
    )  # fmt: skip
    tee = formats.parse(text).products[0]
    assert [(e.row, e.code) for e in tee.errors] == [(3, "option_values_mismatch"), (4, "option_values_mismatch")]
    assert [url for _, url, _ in tee.images] == ["https://img.example/1.png", "https://img.example/2.png"]
