"""The new-product form reader: dimensions give the grid's rows in order, typed rows follow their combination
when the grid is redrawn, yuan become fen exactly, and every problem is named by its input."""

from __future__ import annotations

import json
from typing import Any

from shoal.web.console.product_form import read_product_form, sku_row
from shoal.web.console.product_grid import batch_fill, grid_values, read_grid, split_values

COLOURS_SIZES = {"dims.0.name": "颜色", "dims.0.values": "红, 蓝", "dims.1.name": "尺码", "dims.1.values": "S，M、L"}


def _rows(*rows: tuple[list[str], str, str, str, str]) -> dict[str, str]:
    """Form fields of grid rows: (combination, SKU, price, compare-at price, stock)."""
    form: dict[str, str] = {}
    for i, (options, sku, price, compare_at, stock) in enumerate(rows):
        form[f"variants.{i}.options"] = json.dumps(options, ensure_ascii=False)
        fields = {"sku": sku, "price": price, "compare_at_price": compare_at, "stock": stock}
        form |= {f"variants.{i}.{name}": value for name, value in fields.items()}
    return form


def _read(form: dict[str, Any]) -> Any:
    return read_product_form({"name": "T恤", "status": "draft", **form}, "CNY", str)


def test_values_are_split_on_chinese_and_latin_separators_once_each() -> None:
    assert split_values(" 红, 蓝，绿、红 ;; 黑\n白 ") == ["红", "蓝", "绿", "黑", "白"]


def test_the_grid_has_one_row_per_combination_first_dimension_slowest() -> None:
    grid = read_grid(COLOURS_SIZES, str)
    assert [row.options for row in grid.rows] == [
        ["红", "S"], ["红", "M"], ["红", "L"], ["蓝", "S"], ["蓝", "M"], ["蓝", "L"],
    ]  # fmt: skip
    assert read_grid({}, str).rows[0].options == []  # no dimension: the single variant


def test_a_redrawn_grid_keeps_what_was_typed_for_combinations_that_remain() -> None:
    typed = _rows((["红"], "T-R", "99", "", "3"), (["蓝"], "T-B", "89", "", "4"))
    grid = read_grid({**typed, "dims.0.name": "颜色", "dims.0.values": "蓝, 绿, 红"}, str)
    assert [(row.options, row.text.get("sku"), row.text.get("price")) for row in grid.rows] == [
        (["蓝"], "T-B", "89"), (["绿"], None, None), (["红"], "T-R", "99"),
    ]  # fmt: skip
    values = grid_values(grid)
    assert (values["variants.2.sku"], values["variants.1.price"], values["variants.1.options"]) == ("T-R", "", '["绿"]')


def test_while_drafting_an_unfinished_dimension_is_no_error_and_keeps_the_rows() -> None:
    typed = _rows((["红"], "T-R", "99", "", ""))
    form = {**typed, "dims.0.name": "颜色", "dims.0.values": "红", "dims.1.name": "尺码", "dims.1.values": ""}
    drafting = read_grid(form, str, drafting=True)
    assert (drafting.errors, [r.text["sku"] for r in drafting.rows]) == ({}, ["T-R"])
    repeated = read_grid({**form, "dims.1.name": "颜色", "dims.1.values": "蓝"}, str, drafting=True)
    assert repeated.errors == {"dims": "Two dimensions have this name."}  # shown above the grid, which is redrawn
    saving = read_grid(form, str)
    assert set(saving.errors) == {"dims.1.values"} and saving.rows[0].text["sku"] == "T-R"


def test_batch_fill_sets_amounts_everywhere_and_skus_only_where_blank() -> None:
    form = {**COLOURS_SIZES, **_rows((["红", "S"], "MINE", "1", "", "")), "batch.price": "59.90", "batch.stock": "10"}
    grid = read_grid({**form, "batch.sku": "TEE"}, str)
    batch_fill(grid, {**form, "batch.sku": "TEE"})
    assert [row.text["sku"] for row in grid.rows] == ["MINE", "TEE-1-2", "TEE-1-3", "TEE-2-1", "TEE-2-2", "TEE-2-3"]
    assert {(row.text["price"], row.text["stock"], row.text.get("compare_at_price") or "") for row in grid.rows} == {
        ("59.90", "10", "")
    }


def test_a_colour_by_size_product_reads_into_six_variants_in_fen_with_their_stock() -> None:
    rows = [(["红", s], f"T-R{s}", "59.90", "79.9", str(n)) for n, s in enumerate("SML")]
    rows += [(["蓝", s], f"T-B{s}", "0.07", "", "0") for s in "SML"]
    parsed = _read({**COLOURS_SIZES, **_rows(*rows)})
    assert parsed.errors == {} and parsed.data is not None
    assert [(o.name, o.values) for o in parsed.data.options] == [("颜色", ["红", "蓝"]), ("尺码", ["S", "M", "L"])]
    assert [(v.sku, v.options, v.price, v.compare_at_price) for v in parsed.data.variants][:4] == [
        ("T-RS", ["红", "S"], 5990, 7990), ("T-RM", ["红", "M"], 5990, 7990), ("T-RL", ["红", "L"], 5990, 7990),
        ("T-BS", ["蓝", "S"], 7, None),
    ]  # fmt: skip
    assert parsed.stock == [0, 1, 2, 0, 0, 0]


def test_every_problem_is_named_by_its_input() -> None:
    rows = _rows((["红"], "T-1", "", "", "2"), (["蓝"], "T-1", "1.999", "x", "-1"), (["绿"], "", "5", "", ""))
    parsed = _read({"dims.0.name": "颜色", "dims.0.values": "红, 蓝, 绿", **rows})
    assert parsed.data is None and parsed.errors == {
        "variants.0.price": "Enter a price such as 19.90.",
        "variants.1.sku": "Another row has this SKU.",
        "variants.1.price": "Enter a price such as 19.90.",  # a third decimal is no amount of yuan
        "variants.1.compare_at_price": "Enter a price such as 19.90.",
        "variants.1.stock": "Enter a whole number of units, 0 or more.",
        "variants.2.sku": "Enter a SKU code.",
    }
    assert sku_row(parsed.grid, "T-1") == "variants.0.sku"


def test_dimension_problems_are_named_by_their_slot_and_the_rows_typed_are_kept() -> None:
    typed = _rows((["红"], "T-R", "9", "", ""))
    form = {**typed, "dims.0.name": "颜色", "dims.0.values": "红", "dims.2.name": "颜色", "dims.2.values": "蓝"}
    parsed = _read({**form, "dims.1.name": "", "dims.1.values": "S"})
    assert parsed.errors == {
        "dims.1.name": "Name the dimension, e.g. Colour.",
        "dims.2.name": "Two dimensions have this name.",
    }
    assert parsed.grid.rows[0].text["sku"] == "T-R"
    assert _read({"dims.0.name": "尺码"}).errors == {
        "dims.0.values": "Give the dimension at least one value, e.g. Red, Blue."
    }


def test_at_most_three_dimensions_and_a_hundred_combinations() -> None:
    four = {f"dims.{d}.{part}": f"D{d}" if part == "name" else "a, b" for d in range(4) for part in ("name", "values")}
    assert _read(four).errors == {"dims": "A product has at most 3 dimensions."}
    values = ", ".join(str(n) for n in range(11))
    wide = {"dims.0.name": "A", "dims.0.values": values, "dims.1.name": "B", "dims.1.values": values}
    assert _read(wide).errors == {"dims": "At most 100 combinations: remove some values."}
    assert len(read_grid({**wide, "dims.1.values": "1, 2, 3, 4, 5, 6, 7, 8, 9"}, str).rows) == 99


def test_a_tampered_row_combination_is_ignored() -> None:
    form = {"dims.0.name": "颜色", "dims.0.values": "红", "variants.0.options": "{not json", "variants.0.sku": "X"}
    assert read_grid(form, str).rows[0].text == {}
