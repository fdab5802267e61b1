"""The edit form reader: only real changes become service inputs, bad amounts are named by field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shoal.catalog.schemas import ProductRead
from shoal.web.console.product_edit_form import (
    form_fields,
    initial_values,
    read_edit_form,
    step_errors,
    with_image,
)
from shoal.web.console.product_edit_grid import read_edit_grid
from shoal.web.forms import FORM_ERROR

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _variant(vid: str, sku: str, colour: str, price: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": vid,
        "product_id": "p1",
        "sku": sku,
        "barcode": None,
        "title": colour,
        "options": [colour],
        "price": price,
        "compare_at_price": None,
        "weight_grams": 0,
        "image_id": None,
        "position": 0,
        **extra,
        "channel_prices": [{"customer_group": None, **entry} for entry in extra.get("channel_prices", [])],
    }


def _product() -> ProductRead:
    return ProductRead.model_validate(
        {
            "id": "p1",
            "handle": "tea",
            "name": "龙井",
            "description": "绿茶",
            "translations": {"en": {"name": "Longjing", "description": "Green tea"}},
            "status": "draft",
            "brand_id": None,
            "category_ids": ["c1"],
            "tags": [],
            "attributes": {},
            "options": [{"id": "o1", "name": "Colour", "values": ["Red", "Blue"], "translations": {}, "position": 0}],
            "images": [{"id": "i1", "url": "/media/products/a.png", "alt": "a", "position": 0}],
            "variants": [
                _variant("v1", "T-R", "Red", 1990, channel_prices=[{"channel": "online", "price": 1800}]),
                _variant("v2", "T-B", "Blue", 2990, compare_at_price=3990, barcode="690"),
            ],
            "price_min": 1990,
            "currency": "CNY",
            "created_at": NOW,
            "updated_at": NOW,
        }
    )


def _read(changes: dict[str, Any]):  # type: ignore[no-untyped-def]
    product = _product()
    form = {**initial_values(product), **changes}
    form["category_ids"] = form.get("category_ids") or [""]
    return read_edit_form(form, product, lambda text: text)


def test_the_untouched_form_changes_nothing() -> None:
    edit = _read({})
    assert edit.ok and edit.product is None and edit.new_variants == []
    assert all(v.update is None and v.prices is None for v in edit.variants)


def test_initial_values_show_yuan_and_the_english_name() -> None:
    values = initial_values(_product())
    assert values["variants.v1.price"] == "19.90" and values["variants.v2.compare_at_price"] == "39.90"
    assert values["variants.v1.compare_at_price"] == "" and values["variants.v2.barcode"] == "690"
    assert values["variants.v1.prices.0.channel"] == "online" and values["variants.v1.prices.0.price"] == "18.00"
    assert values["name_en"] == "Longjing"


def test_changed_fields_only_are_sent() -> None:
    edit = _read(
        {
            "name": "西湖龙井",
            "name_en": "West Lake Longjing",
            "variants.v1.price": "21.50",
            "variants.v2.compare_at_price": "",
            "variants.v2.prices.0.channel": "store:WH1",
            "variants.v2.prices.0.customer_group": "vip",
            "variants.v2.prices.0.price": "25",
        }
    )
    assert edit.ok, (edit.errors, edit.invalid)
    assert edit.product is not None
    assert edit.product.model_dump(exclude_unset=True) == {
        "name": "西湖龙井",
        # The English description is kept: only the name was edited.
        "translations": {"en": {"name": "West Lake Longjing", "description": "Green tea"}},
    }
    first, second = edit.variants
    assert first.update is not None and first.update.model_dump(exclude_unset=True) == {"price": 2150}
    assert first.prices is None
    assert second.update is not None and second.update.model_dump(exclude_unset=True) == {"compare_at_price": None}
    assert second.prices is not None
    assert [(p.channel, p.customer_group, p.price) for p in second.prices.prices] == [("store:WH1", "vip", 2500)]


def test_clearing_a_channel_price_row_removes_it_and_clearing_categories_counts() -> None:
    edit = _read({"variants.v1.prices.0.channel": "", "variants.v1.prices.0.price": "", "category_ids": [""]})
    assert edit.ok
    assert edit.variants[0].prices is not None and edit.variants[0].prices.prices == []
    assert edit.product is not None and edit.product.category_ids == []


def test_bad_amounts_are_named_by_their_field() -> None:
    edit = _read(
        {
            "variants.v1.price": "abc",
            "variants.v2.compare_at_price": "-1",
            "variants.v2.prices.0.price": "5",
            "variants.v1.prices.1.price": "1.234",
        }
    )
    assert not edit.ok
    assert set(edit.errors) == {
        "variants.v1.price",
        "variants.v2.compare_at_price",
        "variants.v2.prices.0.channel",
        "variants.v1.prices.1.price",
        "variants.v1.prices.1.channel",
    }
    assert edit.errors["variants.v1.price"] == "Enter a price such as 19.90."


def test_the_grid_keeps_stored_rows_by_id_and_a_new_value_gives_new_rows() -> None:
    values = initial_values(_product())
    assert values["dims.0.name"] == "Colour" and values["dims.0.values"] == "Red, Blue"
    untouched = read_edit_grid(values, _product(), lambda text: text)
    assert [row.options for row in untouched.grid.rows] == [["Red"], ["Blue"]]
    assert {i: v.id for i, v in untouched.existing.items()} == {0: "v1", 1: "v2"}

    edit = _read({"dims.0.values": "Red, Blue, Green", "variants.2.options": '["Green"]', "variants.2.sku": "T-G",
                  "variants.2.price": "9.90", "variants.v1.price": "21.50"})  # fmt: skip
    assert edit.ok, (edit.errors, edit.invalid)
    assert [(key, v.model_dump(include={"sku", "options", "price"})) for key, v in edit.new_variants] == [
        ("variants.2", {"sku": "T-G", "options": ["Green"], "price": 990})
    ]
    # The stored rows go through the update path, by id, as before.
    assert edit.variants[0].variant_id == "v1" and edit.variants[0].update is not None
    assert edit.variants[0].update.price == 2150


def test_a_value_left_out_is_kept_and_a_new_row_must_be_filled() -> None:
    kept = _read({"dims.0.values": "Red"})
    assert kept.ok and [row.options for row in kept.grid.grid.rows] == [["Red"], ["Blue"]]
    half = _read({"dims.0.values": "Red, Blue, Green", "variants.2.options": '["Green"]', "variants.2.price": "x"})
    assert half.new_variants == []
    assert set(half.errors) == {"variants.2.sku", "variants.2.price"}
    twice = _read({"dims.0.values": "Red, Blue, Green, Pink", "variants.2.options": '["Green"]',
                   "variants.2.sku": "T-G", "variants.2.price": "1", "variants.3.options": '["Pink"]',
                   "variants.3.sku": "T-G", "variants.3.price": "1"})  # fmt: skip
    assert set(twice.errors) == {"variants.3.sku"}


def test_a_stored_value_holding_a_comma_is_not_split_into_new_rows() -> None:
    product = _product()
    product.options[0].values = ["Red", "Blue,White"]
    product.variants[1].options = ["Blue,White"]
    grid = read_edit_grid(initial_values(product), product, str)
    assert [row.options for row in grid.grid.rows] == [["Red"], ["Blue,White"]] and len(grid.existing) == 2


def test_a_new_dimension_is_refused_next_to_its_name() -> None:
    edit = _read({"dims.1.name": "Size", "dims.1.values": "S, M"})
    assert set(edit.errors) == {"dims.1.name"} and edit.new_variants == []
    assert [row.options for row in edit.grid.grid.rows] == [["Red"], ["Blue"]]
    drafting = read_edit_grid({"dims.1.name": "Size", "dims.1.values": "S"}, _product(), str, drafting=True)
    assert set(drafting.grid.errors) == {"dims"}


def test_schema_errors_and_conflicts_land_on_form_inputs() -> None:
    edit = _read({"name": "", "variants.v2.prices.0.channel": "Not A Channel", "variants.v2.prices.0.price": "1"})
    prefixes = {prefix for prefix, _exc in edit.invalid}
    assert prefixes == {"", "variants.v2.prices.0"}
    assert step_errors("", {"translations.en.name": "too long"}) == {"name_en": "too long"}
    assert step_errors("variants.v2.prices.0", {"channel": "bad"}) == {"variants.v2.prices.0.channel": "bad"}
    assert step_errors("variants.2", {FORM_ERROR: "taken"}, "sku_taken") == {"variants.2.sku": "taken"}
    assert step_errors("variants.v1.prices", {FORM_ERROR: "twice"}) == {"variants.v1.prices": "twice"}
    fields = form_fields(_product(), edit.grid)
    assert {"dims.1.name", "variants.1.sku", "variants.v1.prices.2.price", "variants.v2.barcode"} <= fields


def test_an_uploaded_image_comes_after_the_others() -> None:
    edit = with_image(_read({"name": "新名"}), _product(), "/media/products/b.png")
    assert edit.product is not None
    assert edit.product.name == "新名"
    assert [i.url for i in edit.product.images or []] == ["/media/products/a.png", "/media/products/b.png"]
