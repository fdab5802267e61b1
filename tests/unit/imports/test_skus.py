"""SKUs other shops accept and Shoal's rule (one SKU per variant in a shop) does not: kept up to 255 characters,
and a repeated or taken SKU changed by a suffix the report names, the same on every import of the file.

``shopify-velofant-repeated-long-skus.csv`` is a slice of a real store's Shopify export
(``../shared/data/shopify-product-csvs/velofant_products_export_1.csv``, rows 10-13, 20-22, 39-41, 47-49, all
63 columns) whose SKUs were set to what other real exports hold: one SKU on both variants of a product, one
SKU on two products, and an 81-character SKU on two variants beside its own ``-2``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.catalog.rules import SKU_MAX
from shoal.imports import formats, skus
from shoal.imports.rows import ImportedProduct, ImportedVariant
from tests.unit.imports.test_parsers import FIXTURES

REAL_SLICE = FIXTURES / "shopify-velofant-repeated-long-skus.csv"
LONG = "CY-ARKIPELAGO-FRAMEKIT-CHROME-INCL-HEADSET-SEATPOST-CLAMP-AND-THRU-AXLES-SE-STOCK"


def _changes(products: list[ImportedProduct]) -> list[tuple[int, str, str | None, str | None]]:
    return [(w.row, w.code, w.source_sku, w.sku) for p in products for w in p.warnings]


def test_a_real_export_keeps_every_product_with_its_long_and_repeated_skus() -> None:
    parsed = formats.parse(REAL_SLICE.read_text(encoding="utf-8"))
    assert [e for p in parsed.products for e in p.errors] == [] and parsed.errors == []
    assert {p.handle: [v.sku for v in p.variants] for p in parsed.products} == {
        "ken-mid-rise-bar-styre-72cm": ["HB-MID-72-X", "HB-MID-72-X-2"],
        "abus-varedo-47": ["LK-ABUS"],
        "abus-ugrip-bordo-5700k-80": ["LK-ABUS-2"],
        "arkipelago": [f"{LONG}-2", LONG, f"{LONG}-3"],  # -2 is the file's own: the repeat takes -3
    }
    assert _changes(parsed.products) == [
        (3, "sku_repeated", "HB-MID-72-X", "HB-MID-72-X-2"),
        (9, "sku_repeated", "LK-ABUS", "LK-ABUS-2"),
        (14, "sku_repeated", LONG, f"{LONG}-3"),
    ]
    ugrip = parsed.products[2]
    assert ugrip.variants[0].source_sku == "LK-ABUS"
    warning = ugrip.warnings[0]
    assert "abus-varedo-47 (row 6)" in warning.message_en and "'LK-ABUS-2'" in warning.message_en
    assert "abus-varedo-47（第 6 行）" in warning.message_zh and "'LK-ABUS-2'" in warning.message_zh


def test_shoal_format_still_refuses_a_repeated_sku_it_treats_as_identity() -> None:
    text = "handle,name_zh,sku,price\na,甲,S-1,1.00\nb,乙,S-1,2.00\n"
    assert [e.code for e in formats.parse(text).products[1].errors] == ["duplicate_sku"]


def _shopify(sku: str) -> str:
    return f"Handle,Title,Variant SKU,Variant Price\nlong,Long,{sku},1.00\n"


def test_a_sku_of_255_characters_is_kept_and_a_longer_one_is_refused() -> None:
    longest = "S" * SKU_MAX
    assert formats.parse(_shopify(longest)).products[0].variants[0].sku == longest
    too_long = formats.parse(_shopify(longest + "S")).products[0]
    assert [e.code for e in too_long.errors] == ["invalid_sku"] and "255" in too_long.errors[0].message_zh


def test_woocommerce_skus_repeat_and_have_spaces_like_shopifys() -> None:
    header = "ID,Type,SKU,Name,Published,Regular price\n"
    parsed = formats.parse(header + "1,simple,MUG 1,Mug,1,9\n2,simple,MUG-1,Big mug,1,12\n")
    assert [v.sku for p in parsed.products for v in p.variants] == ["MUG-1", "MUG-1-2"]
    assert _changes(parsed.products) == [
        (2, "sku_spaces_replaced", "MUG 1", "MUG-1"),
        (3, "sku_repeated", "MUG-1", "MUG-1-2"),
    ]


def test_a_suffix_never_makes_a_sku_longer_than_allowed() -> None:
    assert skus.suffixed("S" * SKU_MAX, 12) == "S" * (SKU_MAX - 3) + "-12"


def _file(sku_lists: list[list[str]]) -> list[ImportedProduct]:
    products, row = [], 2
    for number, product_skus in enumerate(sku_lists):
        product = ImportedProduct(handle=f"p{number}", first_row=row)
        for position, sku in enumerate(product_skus):
            product.variants.append(ImportedVariant(row=row, sku=sku, options=[str(position)], price=100))
            row += 1
        products.append(product)
    return products


SKU_TEXT = st.sampled_from(["A", "A-2", "B", "S" * SKU_MAX, "S" * (SKU_MAX - 2) + "-2"])


@given(st.lists(st.lists(SKU_TEXT, min_size=1, max_size=4), min_size=1, max_size=5))
def test_after_suffixing_every_sku_is_unique_short_enough_stable_and_first_comers_keep_theirs(
    sku_lists: list[list[str]],
) -> None:
    products = _file(sku_lists)
    skus.suffix_repeated(products)
    settled = [v.sku for p in products for v in p.variants]
    assert len(set(settled)) == len(settled) and all(len(s) <= SKU_MAX for s in settled)
    given_skus = [s for product_skus in sku_lists for s in product_skus]
    firsts = {s: given_skus.index(s) for s in given_skus}
    assert all(settled[i] == s for s, i in firsts.items())  # the first variant naming a SKU keeps it
    changed = [(v.source_sku, v.sku) for p in products for v in p.variants if v.source_sku]
    assert changed == [(w.source_sku, w.sku) for p in products for w in p.warnings]
    again = _file(sku_lists)
    skus.suffix_repeated(again)
    assert [v.sku for p in again for v in p.variants] == settled  # a second import gives the same SKUs


def _product(handle: str, *variants: tuple[str, list[str]]) -> ImportedProduct:
    product = ImportedProduct(handle=handle, first_row=2)
    product.variants = [ImportedVariant(row=2 + i, sku=s, options=o, price=1) for i, (s, o) in enumerate(variants)]
    return product


def test_a_sku_another_product_holds_takes_the_first_suffix_free_in_the_shop_and_the_file() -> None:
    tee = _product("tee", ("T-1", ["S"]), ("T-2", ["M"]))
    holders = {"T-1": ("mug", ()), "T-1-2": ("cap", ()), "T-2": ("tee", ("M",))}
    checked = ["T-1", "T-2", *(skus.suffixed("T-1", n) for n in range(2, 10))]
    renames = skus.renames_for_taken(tee, "tee", holders, checked, in_file={"T-1", "T-2", "T-1-3"})
    assert renames == {0: ("T-1-4", "mug")}  # -2 is the cap's, -3 the file's; T-2 is the tee's own
    skus.apply_renames(tee, renames)
    assert [(v.sku, v.source_sku) for v in tee.variants] == [("T-1-4", "T-1"), ("T-2", None)]
    assert [(w.code, w.source_sku, w.sku) for w in tee.warnings] == [("sku_in_use", "T-1", "T-1-4")]
    assert "belongs to mug" in tee.warnings[0].message_en and "已属于本店商品 mug" in tee.warnings[0].message_zh


def test_a_suffix_the_variant_itself_holds_is_kept_and_unasked_suffixes_are_asked_about() -> None:
    tee = _product("tee", ("T-1", ["S"]))
    holders = {"T-1": ("mug", ()), "T-1-2": ("tee", ("S",))}  # the first import gave the tee T-1-2
    assert skus.renames_for_taken(tee, "tee", holders, ["T-1", "T-1-2"], in_file={"T-1"}) == {0: ("T-1-2", "mug")}
    with pytest.raises(skus.Unchecked) as more:
        skus.renames_for_taken(tee, "tee", {"T-1": ("mug", ())}, ["T-1"], in_file={"T-1"})
    assert more.value.skus[:2] == ["T-1-2", "T-1-3"] and len(more.value.skus) == skus.LOOKUP_BATCH
