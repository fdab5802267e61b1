"""Reading the product edit form into the service inputs that change a product, its variants and their prices.

Pure (no HTTP, no database), so the mapping is testable alone. Input names are the dotted paths errors are
shown under: ``name``, ``variants.<variant id>.price``, ``variants.<id>.prices.<row>.channel``, and for a
new variant of the grid ``variants.<row>.sku`` (``product_edit_grid``). Stored variants are keyed by id, not
by position, so a variant added meanwhile by someone else cannot shift a price onto the wrong SKU.

Only what differs from the stored product is sent: an untouched variant gets no update, so saving the page
writes no audit entries or events for SKUs nobody changed. A field missing from the form altogether also
means "unchanged" (the page sends a blank ``category_ids`` so that clearing every category still counts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from shoal.catalog.schemas import (
    ChannelPriceIn,
    ChannelPricesIn,
    ImageIn,
    ProductRead,
    ProductUpdate,
    VariantIn,
    VariantRead,
    VariantUpdate,
)
from shoal.core.money import format_amount
from shoal.web.console.product_edit_grid import EditGrid, dimension_values, read_edit_grid, read_new_rows
from shoal.web.console.product_form import form_list, yuan
from shoal.web.console.product_grid import grid_fields
from shoal.web.forms import FORM_ERROR

SPARE_PRICE_ROWS = 2
M = TypeVar("M", bound=BaseModel)
# Conflicts that name no field, placed next to the input that caused them.
CODE_FIELDS = {"sku_taken": "sku", "variant_combination_taken": "options"}
# Schema paths that the form shows under another name.
RENAMED = {"translations.en.name": "name_en", "translations": "name_en"}


@dataclass
class VariantEdit:
    variant_id: str
    update: VariantUpdate | None = None
    prices: ChannelPricesIn | None = None


@dataclass
class ProductEdit:
    """The changes to save, and what is wrong with the form (``invalid``: schema errors by field prefix,
    left for the handler to translate in the request's locale)."""

    grid: EditGrid
    product: ProductUpdate | None = None
    variants: list[VariantEdit] = field(default_factory=list)
    new_variants: list[tuple[str, VariantIn]] = field(default_factory=list)  # (the row's input prefix, variant)
    errors: dict[str, str] = field(default_factory=dict)
    invalid: list[tuple[str, ValidationError]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.invalid


def variant_key(variant_id: str) -> str:
    return f"variants.{variant_id}"


def prices_key(variant_id: str) -> str:
    return f"variants.{variant_id}.prices"


def price_rows(product: ProductRead) -> dict[str, range]:
    """Channel price rows per variant: the stored ones and a couple of blank ones to add more."""
    return {v.id: range(len(v.channel_prices) + SPARE_PRICE_ROWS) for v in product.variants}


def initial_values(product: ProductRead) -> dict[str, Any]:
    """The form's fields filled from the stored product, amounts in yuan as the user types them."""
    values: dict[str, Any] = {
        "name": product.name,
        "name_en": product.translations.get("en", {}).get("name", ""),
        "description": product.description,
        "status": product.status,
        "category_ids": list(product.category_ids),
        **dimension_values(product),
    }
    for variant in product.variants:
        key = variant_key(variant.id)
        values[f"{key}.price"] = format_amount(variant.price, product.currency)
        compare_at = variant.compare_at_price
        values[f"{key}.compare_at_price"] = "" if compare_at is None else format_amount(compare_at, product.currency)
        values[f"{key}.barcode"] = variant.barcode or ""
        for row, entry in enumerate(variant.channel_prices):
            values[f"{prices_key(variant.id)}.{row}.channel"] = entry.channel
            values[f"{prices_key(variant.id)}.{row}.customer_group"] = entry.customer_group or ""
            values[f"{prices_key(variant.id)}.{row}.price"] = format_amount(entry.price, product.currency)
    return values


def form_fields(product: ProductRead, grid: EditGrid) -> set[str]:
    """Every name an error can be shown next to; errors about anything else go to the form's top alert."""
    names = {"name", "name_en", "description", "status", "category_ids", "image"} | grid_fields(grid.grid)
    for variant_id, rows in price_rows(product).items():
        key = variant_key(variant_id)
        names |= {key, f"{key}.price", f"{key}.compare_at_price", f"{key}.barcode", prices_key(variant_id)}
        names |= {f"{prices_key(variant_id)}.{row}.{name}" for row in rows for name in ("channel", "customer_group")}
        names |= {f"{prices_key(variant_id)}.{row}.price" for row in rows}
    return names


def step_errors(prefix: str, found: Mapping[str, str], code: str | None = None) -> dict[str, str]:
    """Errors of one save step (schema paths relative to its input) under the form's input names.

    A step's error without a field (a conflict) goes to the field its code names, else to the step's row.
    """
    placed = {}
    for key, message in found.items():
        if key == FORM_ERROR and code in CODE_FIELDS:
            key = CODE_FIELDS[code]
        if not prefix:
            placed[RENAMED.get(key, key)] = message
        else:
            placed[prefix if key == FORM_ERROR else f"{prefix}.{key}"] = message
    return placed


def with_image(edit: ProductEdit, product: ProductRead, url: str) -> ProductEdit:
    """Add an uploaded image after the product's others (the service adds images it does not know by URL)."""
    changes = edit.product.model_dump(exclude_unset=True) if edit.product else {}
    alt = changes.get("name") or product.name
    images = [ImageIn(url=i.url, alt=i.alt) for i in product.images] + [ImageIn(url=url, alt=alt)]
    return replace(edit, product=ProductUpdate.model_validate({**changes, "images": images}))


def read_edit_form(form: Mapping[str, Any], product: ProductRead, gettext: Callable[[str], str]) -> ProductEdit:
    """Everything the form changes compared with ``product``, and every problem at once (not the first only),
    so the page can show them all next to their inputs."""
    reader = _Reader(form, product.currency, gettext)
    edit = ProductEdit(read_edit_grid(form, product, gettext))
    changes = _product_changes(reader, product)
    edit.product = reader.validate(ProductUpdate, changes, "") if changes else None
    edit.variants = [_variant_edit(reader, variant) for variant in product.variants]
    reader.errors.update(edit.grid.grid.errors)
    read_new_rows(edit.grid, product, product.currency, gettext, reader.errors)
    for key, payload in edit.grid.new_rows:
        variant = reader.validate(VariantIn, payload, key)
        if variant is not None:
            edit.new_variants.append((key, variant))
    edit.errors, edit.invalid = reader.errors, reader.invalid
    return edit


class _Reader:
    """Reads typed text and amounts, collecting every problem instead of stopping at the first."""

    def __init__(self, form: Mapping[str, Any], currency: str, gettext: Callable[[str], str]) -> None:
        self.form, self.currency, self.gettext = form, currency, gettext
        self.errors: dict[str, str] = {}
        self.invalid: list[tuple[str, ValidationError]] = []

    def text(self, key: str) -> str:
        return str(self.form.get(key, "")).strip()

    def amount(self, key: str, *, optional: bool = False) -> int | None:
        """Minor units typed at ``key``; None when left blank (an error unless ``optional``) or unreadable."""
        text = self.text(key)
        if not text and optional:
            return None
        try:
            return yuan(text, self.currency)
        except ValueError:
            self.errors[key] = self.gettext("Enter a price such as 19.90.")
            return None

    def validate(self, model: type[M], payload: dict[str, Any], prefix: str) -> M | None:
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            self.invalid.append((prefix, exc))
            return None


def _product_changes(reader: _Reader, product: ProductRead) -> dict[str, Any]:
    form = reader.form
    changes: dict[str, Any] = {}
    for name in ("name", "description", "status"):
        if name in form and reader.text(name) != getattr(product, name):
            changes[name] = reader.text(name)
    if "category_ids" in form:
        wanted = [c for c in dict.fromkeys(form_list(form, "category_ids")) if c]
        if sorted(wanted) != sorted(product.category_ids):
            changes["category_ids"] = wanted
    if "name_en" in form:
        translations = _with_english_name(product.translations, reader.text("name_en"))
        if translations != product.translations:
            changes["translations"] = translations
    return changes


def _with_english_name(stored: Mapping[str, Any], name_en: str) -> dict[str, Any]:
    """The stored translations with the English name replaced; other locales and texts are kept."""
    merged = {locale: dict(entry) for locale, entry in stored.items()}
    english = merged.pop("en", {})
    english.pop("name", None)
    if name_en:
        english["name"] = name_en
    if english:
        merged["en"] = english
    return merged


def _variant_edit(reader: _Reader, variant: VariantRead) -> VariantEdit:
    key = variant_key(variant.id)
    changes: dict[str, Any] = {}
    if f"{key}.price" in reader.form:
        price = reader.amount(f"{key}.price")
        if price is not None and price != variant.price:
            changes["price"] = price
    if f"{key}.compare_at_price" in reader.form:
        compare_at = reader.amount(f"{key}.compare_at_price", optional=True)
        if compare_at != variant.compare_at_price and f"{key}.compare_at_price" not in reader.errors:
            changes["compare_at_price"] = compare_at
    if f"{key}.barcode" in reader.form and (reader.text(f"{key}.barcode") or None) != variant.barcode:
        changes["barcode"] = reader.text(f"{key}.barcode") or None
    update = reader.validate(VariantUpdate, changes, key) if changes else None
    return VariantEdit(variant.id, update, _channel_prices(reader, variant))


def _channel_prices(reader: _Reader, variant: VariantRead) -> ChannelPricesIn | None:
    """The variant's whole new set of channel prices (blank rows dropped), or None when it is unchanged."""
    prefix = prices_key(variant.id)
    rows = _row_numbers(reader.form, prefix)
    if not rows:
        return None
    entries: list[dict[str, Any]] = []
    for row in rows:
        key = f"{prefix}.{row}"
        channel, group = reader.text(f"{key}.channel"), reader.text(f"{key}.customer_group")
        if not (channel or group or reader.text(f"{key}.price")):
            continue
        if not channel:
            reader.errors[f"{key}.channel"] = reader.gettext("Name the channel, e.g. online.")
        price = reader.amount(f"{key}.price")
        if channel and price is not None:
            entry = reader.validate(
                ChannelPriceIn, {"channel": channel, "customer_group": group or None, "price": price}, key
            )
            if entry is not None:
                entries.append(entry.model_dump())
    wanted = {(e["channel"], e["customer_group"], e["price"]) for e in entries}
    stored = {(p.channel, p.customer_group, p.price) for p in variant.channel_prices}
    if wanted == stored and len(entries) == len(stored):
        return None
    return reader.validate(ChannelPricesIn, {"prices": entries}, prefix)


def _row_numbers(form: Mapping[str, Any], prefix: str) -> list[int]:
    """Row numbers the form sent under ``prefix`` (read from the form: the page decides how many rows)."""
    start = f"{prefix}."
    found = {key[len(start) :].split(".")[0] for key in form if key.startswith(start)}
    return sorted(int(number) for number in found if number.isdigit())
