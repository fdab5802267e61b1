"""WooCommerce's own sample export: simple, variable (options from what variations choose), grouped as a category."""

from __future__ import annotations

from pathlib import Path

import pytest

from shoal.imports import formats

WOO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "woocommerce-sample-products"
HEADER = "ID,Type,SKU,Name,Published,Regular price,Sale price,Stock,Weight (kg),Parent,Images,"
HEADER += "Attribute 1 name,Attribute 1 value(s),Attribute 2 name,Attribute 2 value(s)\n"


@pytest.mark.skipif(not WOO.exists(), reason="../shared/data is not beside the checkout")
def test_the_sample_file_reads_every_sellable_product() -> None:
    parsed = formats.parse((WOO / "sample_products.csv").read_text(encoding="utf-8"))
    assert parsed.format == "woocommerce"
    by_handle = {p.handle: p for p in parsed.products}
    assert len(by_handle) == 17  # 25 rows: 7 variations belong to 2 variable products; the grouped one lists 3
    assert parsed.errors == [] and [(w.row, w.code) for w in parsed.warnings] == [(24, "grouped_as_category")]
    assert "'Logo Collection' holding hoodie-with-logo, t-shirt, beanie" in parsed.warnings[0].message_en
    assert "分类“Logo Collection”" in parsed.warnings[0].message_zh
    assert [h for h, p in by_handle.items() if "Logo Collection" in p.category_names()] == [
        "hoodie-with-logo", "t-shirt", "beanie"
    ]  # fmt: skip
    assert by_handle["t-shirt"].category_names() == ["Tshirts", "Logo Collection"]
    assert not [e for p in parsed.products for e in p.errors]
    tee = by_handle["v-neck-t-shirt"]
    assert tee.option_names == ["Color"]  # no variation chooses a size: Size stays a product attribute
    assert [(v.sku, v.options, v.price) for v in tee.variants] == [
        ("woo-vneck-tee-red", ["Red"], 2000), ("woo-vneck-tee-green", ["Green"], 2000),
        ("woo-vneck-tee-blue", ["Blue"], 1500),
    ]  # fmt: skip
    assert tee.attributes["Size"] == "Large, Medium, Small" and tee.category == "Tshirts"
    assert all(v.weight_grams == 227 for v in tee.variants)  # 0.5 lbs, inherited from the parent
    hoodie = by_handle["hoodie"]
    assert hoodie.option_names == ["Color", "Logo"] and len(hoodie.variants) == 4
    assert (hoodie.variants[0].price, hoodie.variants[0].compare_at_price) == (4200, 4500)  # on sale
    album = by_handle["album"]
    assert album.variants[0].requires_shipping is False and album.variants[0].price == 1500


def test_variations_missing_a_chosen_value_or_a_parent_are_refused_with_their_rows() -> None:
    text = HEADER + "\n".join(
        [
            '1,variable,TEE,Tee,1,,,,,,,Color,"Red, Blue",Size,"S, M"',
            "2,variation,TEE-R-S,Tee - Red S,1,10,,4,0.25,TEE,,Color,Red,Size,S",
            "3,variation,TEE-B,Tee - Blue,1,10,,-1,,id:1,,Color,Blue,Size,",
            "4,variation,X-1,Orphan,1,10,,,,NOPE,,,,,",
            "5,simple,MUG,Mug,0,12.50,,3,0.4,,https://img.example/a.png,,,,",
        ]
    )
    parsed = formats.parse(text)
    tee, mug = parsed.products
    assert tee.option_names == ["Color", "Size"]
    assert [(e.row, e.code) for e in tee.errors] == [(4, "option_values_mismatch")]
    assert [(e.row, e.code) for e in parsed.errors] == [(5, "unknown_parent")]
    assert (tee.variants[0].weight_grams, tee.variants[0].quantity) == (250, 4)
    assert (mug.status, mug.variants[0].price, mug.variants[0].weight_grams, mug.variants[0].quantity) == (
        "draft", 1250, 400, 3,
    )  # fmt: skip
    assert mug.images == [(1, "https://img.example/a.png", "")]


def test_a_grouped_product_lists_its_children_by_sku_or_id_and_names_those_missing() -> None:
    text = "ID,Type,SKU,Name,Published,Regular price,Categories,Grouped products\n"
    text += "1,simple,MUG,Mug,1,10,Kitchen,\n2,simple,,Cup,1,8,Kitchen,\n"
    text += '3,grouped,SET,Tea Set,1,,Kitchen,"MUG, id:2, GONE"\n4,grouped,SET2,Tea Set,1,,,MUG\n'
    parsed = formats.parse(text)
    mug, cup = parsed.products
    assert (mug.category_names(), cup.category_names()) == (["Kitchen", "Tea Set"], ["Kitchen", "Tea Set"])
    assert [(w.row, w.handle, w.code) for w in parsed.warnings] == [
        (4, "tea-set", "grouped_as_category"), (5, "tea-set", "grouped_as_category"),
    ]  # fmt: skip
    assert "(GONE not in the file)" in parsed.warnings[0].message_en and "GONE" in parsed.warnings[0].message_zh
