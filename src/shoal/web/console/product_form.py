"""Reading the product form: dimensions and the grid of variants they give (yuan prices, opening stock),
into ``ProductCreate``.

Kept apart from the page handlers so the mapping (field names, amounts) is testable without HTTP. Field names
are the dotted paths the schemas report errors under (``variants.0.price``): row ``i`` of the grid is variant
``i`` of the product, so a domain error lands next to the input that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.catalog.schemas import ProductCreate
from shoal.core.money import parse_decimal_amount
from shoal.web.console.product_grid import Grid, GridRow, read_grid
from shoal.web.forms import FORM_ERROR


@dataclass
class ProductForm:
    data: ProductCreate | None
    grid: Grid
    stock: list[int] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    validation: ValidationError | None = None


def yuan(text: str, currency: str) -> int:
    """A typed amount (``"19.90"``) in minor units. Negative amounts are refused here, with the same
    message as unreadable ones, rather than later by the schema with a message about minor units."""
    amount = parse_decimal_amount(text, currency)
    if amount < 0:
        raise ValueError(f"negative amount: {text!r}")
    return amount


def form_values(form: Any) -> dict[str, Any]:
    """What the user typed, to re-render a refused form with: every text field, and the category list."""
    values: dict[str, Any] = {key: str(value) for key, value in form.items() if not isinstance(value, UploadFile)}
    values["category_ids"] = form_list(form, "category_ids")
    return values


def read_product_form(form: Mapping[str, Any], currency: str, gettext: Callable[[str], str]) -> ProductForm:
    """The product, its dimensions and one variant per row of the grid, with the opening stock per row.

    Every problem is reported at once under the input it concerns (``dims.0.values``, ``variants.3.price``),
    and the grid comes back drawn from the dimensions typed, so that a refused form shows the rows to fix.
    """
    grid = read_grid(form, gettext)
    errors = dict(grid.errors)
    variants: list[dict[str, Any]] = []
    stock: list[int] = []
    for index, row in enumerate(grid.rows):
        variants.append(variant_fields(row, f"variants.{index}", currency, gettext, errors))
        stock.append(_stock(row.text.get("stock", ""), f"variants.{index}.stock", gettext, errors))
    check_skus_differ(grid, gettext, errors)
    payload: dict[str, Any] = {
        "name": str(form.get("name", "")),
        "description": str(form.get("description", "")),
        "status": str(form.get("status", "draft")),
        "category_ids": [c for c in form_list(form, "category_ids") if c],
        "options": [{"name": d.name, "values": d.values} for d in grid.dimensions],
        "variants": variants,
    }
    if str(form.get("handle", "")).strip():
        payload["handle"] = str(form["handle"]).strip()
    name_en = str(form.get("name_en", "")).strip()
    if name_en:
        payload["translations"] = {"en": {"name": name_en}}
    try:
        data = ProductCreate.model_validate(payload)
    except ValidationError as exc:
        return ProductForm(None, grid, stock, errors, exc)
    return ProductForm(data if not errors else None, grid, stock, errors)


def variant_fields(
    row: GridRow, key: str, currency: str, gettext: Callable[[str], str], errors: dict[str, str]
) -> dict[str, Any]:
    """A grid row as a variant payload (minor units); what cannot be read is named in ``errors`` by input."""
    variant: dict[str, Any] = {"sku": row.text.get("sku", ""), "options": row.options}
    if not variant["sku"]:
        errors[f"{key}.sku"] = gettext("Enter a SKU code.")
    try:
        variant["price"] = yuan(row.text.get("price", ""), currency)
    except ValueError:
        errors[f"{key}.price"] = gettext("Enter a price such as 19.90.")
    if row.text.get("compare_at_price"):
        try:
            variant["compare_at_price"] = yuan(row.text["compare_at_price"], currency)
        except ValueError:
            errors[f"{key}.compare_at_price"] = gettext("Enter a price such as 19.90.")
    return variant


def _stock(text: str, key: str, gettext: Callable[[str], str], errors: dict[str, str]) -> int:
    try:
        quantity = int(text or 0)
    except ValueError:
        quantity = -1
    if quantity < 0:
        errors[key] = gettext("Enter a whole number of units, 0 or more.")
        return 0
    return quantity


def check_skus_differ(grid: Grid, gettext: Callable[[str], str], errors: dict[str, str]) -> None:
    """A SKU typed in two rows is named on the second (and later) one, where the merchant looks next."""
    seen: set[str] = set()
    for index, row in enumerate(grid.rows):
        sku = row.text.get("sku", "")
        if sku and sku in seen:
            errors.setdefault(f"variants.{index}.sku", gettext("Another row has this SKU."))
        seen.add(sku)


def form_field_errors(found: Mapping[str, str], grid: Grid) -> dict[str, str]:
    """Schema errors under the form's input names: ``options.<k>...`` is the k-th dimension typed, drawn in
    its slot. Without rows (the dimensions are wrong) the schema's "no variants" is said by those errors."""
    placed: dict[str, str] = {}
    for key, message in found.items():
        parts = key.split(".")
        if parts[0] == "options" and len(parts) > 2 and parts[1].isdigit() and int(parts[1]) < len(grid.dimensions):
            key = f"dims.{grid.dimensions[int(parts[1])].slot}.{'name' if parts[2] == 'name' else 'values'}"
        elif key == FORM_ERROR and not grid.rows:
            continue
        placed.setdefault(key, message)
    return placed


def sku_row(grid: Grid, sku: str) -> str | None:
    """The SKU input holding ``sku``, to show a "SKU taken" refusal next to it."""
    for index, row in enumerate(grid.rows):
        if row.text.get("sku") == sku:
            return f"variants.{index}.sku"
    return None


def form_list(form: Any, key: str) -> list[str]:
    """All values of a repeated field (a multiple select), from a real form or a plain dict in tests."""
    getlist = getattr(form, "getlist", None)
    return [str(v) for v in getlist(key)] if getlist else [str(v) for v in form.get(key, [])]
