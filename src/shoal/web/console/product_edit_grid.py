"""The edit form's variant grid: the product's dimensions and one row per combination, where the rows of the
stored variants keep their ids and the others are new variants to fill.

Built on the new-product grid (``product_grid``): the rows are drawn by the same ``grid_for``, from the
stored dimensions with the values typed in addition, so that

- a dimension keeps its stored name and every stored value (a value left out of the box is kept: removing
  combinations, and so variants, is not done here);
- a value typed in addition draws the new combinations as new rows (``variants.<row>.sku``...), which the
  catalog creates with ``add_variant`` (it appends the value to the option);
- a dimension typed in a free slot is refused: the stored variants would have no value for it.

A stored variant's row is keyed by its id (``variants.<id>.price``), as the rest of the edit form is; a new
row by its row number, as in the new-product form. Variant ids are never all digits, so the two cannot meet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shoal.catalog.schemas import ProductRead, VariantRead
from shoal.web.console.product_form import check_skus_differ, variant_fields
from shoal.web.console.product_grid import (
    Dimension,
    Grid,
    GridRow,
    dimension_limits,
    dimension_slots,
    grid_for,
    split_values,
)

NEW_ROW_FIELDS = ("sku", "price", "compare_at_price")


@dataclass
class EditGrid:
    grid: Grid
    existing: dict[int, VariantRead]  # row number -> the stored variant drawn in that row
    new_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (input prefix, VariantIn payload)


def dimension_values(product: ProductRead) -> dict[str, str]:
    """The stored dimensions as the form's inputs, to draw the page with first."""
    values: dict[str, str] = {}
    for slot, option in enumerate(product.options):
        values[f"dims.{slot}.name"] = option.name
        values[f"dims.{slot}.values"] = ", ".join(option.values)
    return values


def read_edit_grid(
    form: Mapping[str, Any], product: ProductRead, gettext: Callable[[str], str], *, drafting: bool = False
) -> EditGrid:
    """The grid the form draws for ``product``: every stored variant has a row, whatever was typed.

    Limits on dimensions (at most 100 combinations...) are checked only when a value was added, so that a
    product made through the API with sparse variants stays editable.
    """
    stored = len(product.options)
    refused: dict[str, str] = {}
    for slot in dimension_slots(form):
        if slot >= stored and (_text(form, f"dims.{slot}.name") or _text(form, f"dims.{slot}.values")):
            message = gettext("A dimension cannot be added to a product that has variants.")
            refused["dims" if drafting else f"dims.{slot}.name"] = message
    dimensions: list[Dimension] = []
    for slot, option in enumerate(product.options):
        typed = _typed_values(_text(form, f"dims.{slot}.values"), option.values)
        dimensions.append(Dimension(option.name, list(dict.fromkeys([*option.values, *typed])), slot))
    added = any(len(d.values) > len(o.values) for d, o in zip(dimensions, product.options, strict=True))
    # A refused dimension is left out, so the rows stay those of the stored dimensions and the values added.
    grid = grid_for(dimensions, dimension_limits(dimensions, gettext) if added else {}, form)
    grid.errors.update(refused)
    drawn = {tuple(row.options) for row in grid.rows}
    grid.rows += [GridRow(list(v.options)) for v in product.variants if tuple(v.options) not in drawn]
    by_options = {tuple(v.options): v for v in product.variants}
    existing = {
        i: by_options[tuple(row.options)] for i, row in enumerate(grid.rows) if tuple(row.options) in by_options
    }
    return EditGrid(grid, existing)


def read_new_rows(
    edit_grid: EditGrid, product: ProductRead, currency: str, gettext: Callable[[str], str], errors: dict[str, str]
) -> None:
    """Fill ``edit_grid.new_rows`` with the variants to create, naming what is wrong in ``errors`` by input.

    A row with an added value must be filled; a blank row of stored values only is a combination the product
    never had (made through the API) and is left out.
    """
    stored = [set(option.values) for option in product.options]
    for index, row in enumerate(edit_grid.grid.rows):
        if index in edit_grid.existing:
            continue
        blank = not any(row.text.get(name) for name in NEW_ROW_FIELDS)
        if blank and all(value in values for value, values in zip(row.options, stored, strict=True)):
            continue
        key = f"variants.{index}"
        payload = variant_fields(row, key, currency, gettext, errors)
        if not any(name.startswith(f"{key}.") for name in errors):
            edit_grid.new_rows.append((key, payload))
    check_skus_differ(edit_grid.grid, gettext, errors)


def _typed_values(text: str, stored: list[str]) -> list[str]:
    """The values in a dimension's box; a stored value holding a separator (``"红,白"``, made through the API)
    is taken whole rather than split into two values the product does not have."""
    whole = [value for value in stored if split_values(value) != [value]]
    for value in sorted(whole, key=len, reverse=True):
        text = text.replace(value, "\n")
    return [*whole, *split_values(text)]


def _text(form: Mapping[str, Any], key: str) -> str:
    return str(form.get(key, "")).strip()
