"""Reading the product form: rows of variants with yuan prices and opening stock, into ``ProductCreate``.

Kept apart from the page handlers so the mapping (field names, amounts, which rows count) is testable
without HTTP. Field names are the dotted paths the schemas report errors under (``variants.0.price``),
so a domain error lands next to the input that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.catalog.schemas import ProductCreate
from shoal.core.money import parse_decimal_amount

VARIANT_ROWS = 3
ROW_FIELDS = ("option", "sku", "price", "stock")


@dataclass
class ProductForm:
    data: ProductCreate | None
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


def filled_rows(form: Mapping[str, Any]) -> list[int]:
    """Indexes of the variant rows the user typed anything into (blank rows are spare)."""
    return [
        i for i in range(VARIANT_ROWS) if any(str(form.get(f"variants.{i}.{name}", "")).strip() for name in ROW_FIELDS)
    ]


def read_product_form(form: Mapping[str, Any], currency: str, gettext: Callable[[str], str]) -> ProductForm:
    errors: dict[str, str] = {}
    rows = filled_rows(form)
    option_name = str(form.get("option_name", "")).strip()
    variants: list[dict[str, Any]] = []
    stock: list[int] = []
    if not rows:
        errors["variants"] = gettext("Add at least one variant with a SKU and a price.")
    if len(rows) > 1 and not option_name:
        errors["option_name"] = gettext("Name the option that tells the variants apart, e.g. Colour.")
    for position, row in enumerate(rows):
        value = lambda name, row=row: str(form.get(f"variants.{row}.{name}", "")).strip()  # noqa: E731
        price_field, stock_field = f"variants.{position}.price", f"variants.{position}.stock"
        variant: dict[str, Any] = {"sku": value("sku"), "options": [value("option")] if option_name else []}
        try:
            variant["price"] = yuan(value("price"), currency)
        except ValueError:
            errors[price_field] = gettext("Enter a price such as 19.90.")
        try:
            stock.append(int(value("stock") or 0))
            if stock[-1] < 0:
                raise ValueError
        except ValueError:
            errors[stock_field] = gettext("Enter a whole number of units, 0 or more.")
        variants.append(variant)
    payload: dict[str, Any] = {
        "name": str(form.get("name", "")),
        "description": str(form.get("description", "")),
        "status": str(form.get("status", "draft")),
        "category_ids": [c for c in form_list(form, "category_ids") if c],
        "variants": variants,
    }
    if option_name:
        payload["options"] = [{"name": option_name, "values": [v["options"][0] for v in variants]}]
    if str(form.get("handle", "")).strip():
        payload["handle"] = str(form["handle"]).strip()
    name_en = str(form.get("name_en", "")).strip()
    if name_en:
        payload["translations"] = {"en": {"name": name_en}}
    try:
        data = ProductCreate.model_validate(payload)
    except ValidationError as exc:
        return ProductForm(None, stock, _row_errors(errors, rows), exc)
    return ProductForm(data if not errors else None, stock, _row_errors(errors, rows))


def _row_errors(errors: dict[str, str], rows: list[int]) -> dict[str, str]:
    """Errors name variants by their position among filled rows; the form names them by row index."""
    renamed = {}
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) > 2 and parts[0] == "variants" and parts[1].isdigit() and int(parts[1]) < len(rows):
            parts[1] = str(rows[int(parts[1])])
        renamed[".".join(parts)] = message
    return renamed


def row_field_errors(errors: dict[str, str], form: Mapping[str, Any]) -> dict[str, str]:
    """Map a domain's field errors (variants.<position>...) onto the form's row indexes."""
    return _row_errors(errors, filled_rows(form))


def form_list(form: Any, key: str) -> list[str]:
    """All values of a repeated field (a multiple select), from a real form or a plain dict in tests."""
    getlist = getattr(form, "getlist", None)
    return [str(v) for v in getlist(key)] if getlist else [str(v) for v in form.get(key, [])]
