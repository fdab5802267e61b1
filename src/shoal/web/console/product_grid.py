"""The product form's variant grid: up to three dimensions (颜色, 尺码, ...), each with values, give one row
per combination, where the merchant types the SKU, price, compare-at price and opening stock.

Pure (no HTTP), so that the page can rebuild the grid whenever a dimension changes and the create handler
reads the same rows. Every row carries the combination it was drawn for (``variants.<i>.options``, JSON), so
a rebuilt grid gives back what was typed in rows whose combination still exists, wherever it now stands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shoal.catalog import rules

MAX_DIMENSIONS = 3
MAX_COMBINATIONS = 100
ROW_FIELDS = ("sku", "price", "compare_at_price", "stock")
BATCH_FIELDS = ("sku", "price", "compare_at_price", "stock")
# Values are typed in one box, separated the way a Chinese or English keyboard separates a list.
_SEPARATORS = re.compile(r"[,，、;；\n]+")


@dataclass
class Dimension:
    name: str
    values: list[str]
    slot: int = 0  # where the page draws it (a blank slot between two filled ones is skipped)


@dataclass
class GridRow:
    """One combination of dimension values (empty for a product without dimensions) and what was typed."""

    options: list[str]
    text: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return rules.variant_title(self.options)


@dataclass
class Grid:
    dimensions: list[Dimension]
    rows: list[GridRow]
    errors: dict[str, str] = field(default_factory=dict)


def split_values(text: str) -> list[str]:
    """``"红, 蓝、红"`` -> ``["红", "蓝"]``: blanks dropped, a repeated value kept once."""
    return list(dict.fromkeys(v.strip() for v in _SEPARATORS.split(text) if v.strip()))


def dimension_slots(form: Mapping[str, Any]) -> list[int]:
    """Indexes of the dimension inputs the form sent, in order."""
    found = {key.split(".")[1] for key in form if key.startswith("dims.") and key.count(".") == 2}
    return sorted(int(number) for number in found if number.isdigit())


def read_dimensions(
    form: Mapping[str, Any], gettext: Callable[[str], str], *, drafting: bool = False
) -> tuple[list[Dimension], dict[str, str]]:
    """The dimensions typed (blank slots skipped) and what is wrong with them, by input name; ``drafting``
    skips the ones still without a name or values too (see ``read_grid``)."""
    dimensions: list[Dimension] = []
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for slot in dimension_slots(form):
        name = str(form.get(f"dims.{slot}.name", "")).strip()
        values = split_values(str(form.get(f"dims.{slot}.values", "")))
        if not (name or values) or (drafting and not (name and values)):
            continue
        if not name:
            errors[f"dims.{slot}.name"] = gettext("Name the dimension, e.g. Colour.")
        elif name in seen:
            # While drafting only the grid is redrawn, so the message goes above it, not next to the input.
            errors["dims" if drafting else f"dims.{slot}.name"] = gettext("Two dimensions have this name.")
        if not values:
            errors[f"dims.{slot}.values"] = gettext("Give the dimension at least one value, e.g. Red, Blue.")
        seen.add(name)
        dimensions.append(Dimension(name, values, slot))
    return dimensions, {**errors, **dimension_limits(dimensions, gettext)}


def dimension_limits(dimensions: list[Dimension], gettext: Callable[[str], str]) -> dict[str, str]:
    """Too many dimensions or combinations for one product, said above the grid."""
    combinations = 1
    for dimension in dimensions:
        combinations *= max(len(dimension.values), 1)
    if len(dimensions) > MAX_DIMENSIONS:
        return {"dims": gettext("A product has at most 3 dimensions.")}
    if combinations > MAX_COMBINATIONS:
        return {"dims": gettext("At most 100 combinations: remove some values.")}
    return {}


def typed_rows(form: Mapping[str, Any]) -> dict[tuple[str, ...], dict[str, str]]:
    """What the form's rows hold, by the combination each row was drawn for."""
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for index in _row_numbers(form):
        options = _options_of(str(form.get(f"variants.{index}.options", "[]")))
        if options is not None:
            rows[tuple(options)] = {name: str(form.get(f"variants.{index}.{name}", "")).strip() for name in ROW_FIELDS}
    return rows


def read_grid(form: Mapping[str, Any], gettext: Callable[[str], str], *, drafting: bool = False) -> Grid:
    """The rows the dimensions give, in order (first dimension varying slowest), each with what was typed for
    its combination before.

    ``drafting`` is the page redrawing the grid while the merchant types: a dimension still without a name or
    values is left out, not an error yet, and errors are only ``dims`` ones (shown above the grid). With wrong
    dimensions the rows stay as they were, so nothing typed is lost while the merchant fixes them.
    """
    dimensions, errors = read_dimensions(form, gettext, drafting=drafting)
    return grid_for(dimensions, errors, form)


def grid_for(dimensions: list[Dimension], errors: dict[str, str], form: Mapping[str, Any]) -> Grid:
    """The rows ``dimensions`` give, each with what the form typed for its combination; with ``errors`` the
    form's rows as they were."""
    typed = typed_rows(form)
    if errors:
        return Grid(dimensions, [GridRow(list(combo), text) for combo, text in typed.items()], errors)
    combinations = rules.generate_option_combinations([d.values for d in dimensions])
    rows = [GridRow(combo, dict(typed.get(tuple(combo), {}))) for combo in combinations]
    return Grid(dimensions, rows)


def batch_fill(grid: Grid, form: Mapping[str, Any]) -> None:
    """Apply the batch row: a price, compare-at price or stock typed there goes into every row; a SKU typed
    there is a prefix that fills only the rows still without a SKU (``TEE`` -> ``TEE-1-2``), as SKUs must
    differ."""
    batch = {name: str(form.get(f"batch.{name}", "")).strip() for name in BATCH_FIELDS}
    values = [d.values for d in grid.dimensions]
    for row in grid.rows:
        for name in ("price", "compare_at_price", "stock"):
            if batch[name]:
                row.text[name] = batch[name]
        if batch["sku"] and not row.text.get("sku"):
            indices = rules.option_value_indices(values, row.options)
            row.text["sku"] = rules.generated_sku(batch["sku"], indices)


def grid_values(grid: Grid) -> dict[str, str]:
    """The rows as form values (``variants.<i>.price``...), to draw the inputs with."""
    values: dict[str, str] = {}
    for index, row in enumerate(grid.rows):
        values[f"variants.{index}.options"] = json.dumps(row.options, ensure_ascii=False)
        for name in ROW_FIELDS:
            values[f"variants.{index}.{name}"] = row.text.get(name, "")
    return values


def _row_numbers(form: Mapping[str, Any]) -> list[int]:
    found = {key.split(".")[1] for key in form if key.startswith("variants.") and key.count(".") == 2}
    return sorted(int(number) for number in found if number.isdigit())


def _options_of(text: str) -> list[str] | None:
    """A row's combination, or None when the hidden field was tampered with."""
    try:
        options = json.loads(text or "[]")
    except ValueError:
        return None
    if not isinstance(options, list) or not all(isinstance(v, str) for v in options):
        return None
    return options


def grid_fields(grid: Grid) -> set[str]:
    """Every input name of the grid an error can be shown next to."""
    names = {"dims", *(f"dims.{slot}.{part}" for slot in range(MAX_DIMENSIONS) for part in ("name", "values"))}
    return names | {f"variants.{index}.{name}" for index in range(len(grid.rows)) for name in ROW_FIELDS}
