"""Shopify's product CSV export, read as Shopify writes it, in every column layout it has used.

Rows sharing a handle form one product: the first carries the product's fields, later rows add
variants and/or images (an image-only row has no variant cells). A product whose only option is
``Title: Default Title`` is a simple product with one variant and no options. Shopify renamed its
columns over the years (``Variant Price`` became ``Price``, ``Handle`` became ``URL handle``...) and
changes their case, so cells are looked up through ``ALIASES`` by case-insensitive header name.
"""

from __future__ import annotations

import csv
import hashlib
import io

from shoal.catalog import rules as catalog_rules
from shoal.imports import fields, skus
from shoal.imports.fields import CellError
from shoal.imports.rows import ImportedProduct, ImportedVariant, ParsedFile, RowError

DEFAULT_OPTION = ("title", "default title")
OPTION_COUNT = 3
MADE_UP_SKU_MAX = 64

ALIASES: dict[str, tuple[str, ...]] = {
    "handle": ("handle", "url handle"),
    "title": ("title",),
    "body": ("body (html)", "description", "body html"),
    "vendor": ("vendor",),
    "product_category": ("product category",),
    "type": ("type",),
    "tags": ("tags",),
    "published": ("published", "published on online store"),
    "status": ("status",),
    "sku": ("variant sku", "sku"),
    "grams": ("variant grams", "weight value (grams)"),
    "quantity": ("variant inventory qty", "inventory quantity"),
    "price": ("variant price", "price"),
    "compare_at_price": ("variant compare at price", "compare-at price", "compare at price"),
    "requires_shipping": ("variant requires shipping", "requires shipping"),
    "taxable": ("variant taxable", "charge tax"),
    "barcode": ("variant barcode", "barcode"),
    "image_src": ("image src", "product image url"),
    "image_position": ("image position",),
    "image_alt": ("image alt text",),
    "variant_image": ("variant image", "variant image url"),
    "seo_title": ("seo title",),
    "seo_description": ("seo description",),
    **{f"option{i}_name": (f"option{i} name",) for i in range(1, OPTION_COUNT + 1)},
    **{f"option{i}_value": (f"option{i} value",) for i in range(1, OPTION_COUNT + 1)},
}
VARIANT_CELLS = ("sku", "price", "option1_value", "barcode", "compare_at_price")


def _positions(header: list[str]) -> dict[str, int]:
    """Column index of each field this file has, under the first of its names the header uses."""
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        where.setdefault(name.strip().lower(), index)
    found = {key: next((where[n] for n in names if n in where), -1) for key, names in ALIASES.items()}
    return {key: index for key, index in found.items() if index >= 0}


def looks_like_shopify(header: list[str]) -> bool:
    found = _positions(header)
    return {"handle", "title", "price"} <= set(found)


def parse(text: str) -> ParsedFile:
    records = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(records, [])
    positions = _positions(header)
    products: dict[str, ImportedProduct] = {}
    stray: list[RowError] = []
    for line, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line (spreadsheets leave them at the end)
        row = {key: record[i] if i < len(record) else "" for key, i in positions.items()}
        handle = fields.text(row, "handle")
        if not handle:
            stray.append(RowError(line, "", "missing_handle", "the row has no Handle", "该行缺少 Handle"))
            continue
        product = products.get(handle)
        if product is None:
            product = products[handle] = _product(handle, line, row)
        try:
            _add_row(product, line, row)
        except CellError as exc:
            product.fail(line, exc.code, exc.en, exc.zh)
    return ParsedFile("shopify", list(products.values()), stray)


def _product(handle: str, line: int, row: dict[str, str]) -> ImportedProduct:
    product = ImportedProduct(handle=handle, first_row=line)
    product.name = fields.text(row, "title")
    product.description = fields.text(row, "body")
    product.brand = fields.text(row, "vendor") or None
    product.category = fields.text(row, "type") or None
    product.tags = fields.tag_list(fields.text(row, "tags"))
    product.status = _status(row)
    product.attributes = {
        key: value
        for key, value in (
            ("shopify_handle", handle),
            ("product_category", fields.text(row, "product_category")),
            ("seo_title", fields.text(row, "seo_title")),
            ("seo_description", fields.text(row, "seo_description")),
        )
        if value
    }
    names = [fields.text(row, f"option{i}_name") for i in range(1, OPTION_COUNT + 1)]
    while names and not names[-1]:
        names.pop()
    if len(names) == 1 and (names[0].lower(), fields.text(row, "option1_value").lower()) == DEFAULT_OPTION:
        names = []
    product.option_names = names
    if not product.name:
        product.fail(line, "missing_title", "the first row of a product needs a Title", "商品首行缺少 Title（标题）")
    if any(not name for name in names):
        product.fail(
            line, "option_name_missing", "an option name is empty between two named options",
            "两个选项名之间有空的选项名",
        )  # fmt: skip
    return product


def _status(row: dict[str, str]) -> str:
    status = fields.text(row, "status").lower()
    if status in ("active", "draft", "archived"):
        return status
    return "active" if fields.flag(fields.text(row, "published")) else "draft"


def _add_row(product: ImportedProduct, line: int, row: dict[str, str]) -> None:
    image = fields.text(row, "image_src")
    if image:
        position = fields.whole_number(
            fields.text(row, "image_position") or str(len(product.images) + 1), "Image Position"
        )
        _add_image(product, position, image, fields.text(row, "image_alt"))
    if not any(fields.text(row, name) for name in VARIANT_CELLS):
        return  # an image-only row
    values = _option_values(product, row)
    variant_image = fields.text(row, "variant_image") or None
    if variant_image:
        _add_image(product, len(product.images) + 1, variant_image, "")
    sku, source_sku = _sku(product, line, fields.text(row, "sku"))
    product.variants.append(
        ImportedVariant(
            row=line,
            sku=sku,
            source_sku=source_sku,
            options=values,
            price=fields.amount(fields.text(row, "price") or "0", "Variant Price"),
            compare_at_price=fields.optional_amount(fields.text(row, "compare_at_price"), "Variant Compare At Price"),
            barcode=fields.text(row, "barcode").lstrip("'") or None,
            weight_grams=fields.grams(fields.text(row, "grams")),
            quantity=product.stock(line, fields.text(row, "quantity"), "Variant Inventory Qty"),
            image=variant_image,
            requires_shipping=fields.unless_false(fields.text(row, "requires_shipping")),
            taxable=fields.unless_false(fields.text(row, "taxable")),
        )
    )


def _option_values(product: ImportedProduct, row: dict[str, str]) -> list[str]:
    named = len(product.option_names)
    values = [fields.text(row, f"option{i}_value") for i in range(1, OPTION_COUNT + 1)]
    if not named and values[0].lower() == DEFAULT_OPTION[1] and not any(values[1:]):
        return []
    if any(not v for v in values[:named]) or any(values[named:]):
        raise CellError(
            "option_values_mismatch",
            f"the variant needs exactly one value for each option ({', '.join(product.option_names) or 'none'})",
            f"该规格须为每个选项各填一个取值（{'、'.join(product.option_names) or '无选项'}）",
        )
    return values[:named]


def _sku(product: ImportedProduct, line: int, given: str) -> tuple[str, str | None]:
    """The variant's SKU (and the file's own when it had to change); Shopify allows none, Shoal needs one.

    A made-up SKU depends only on the handle and the variant's place, so importing again makes it again,
    and stays short enough for a label.
    """
    if given:
        return skus.from_cell(product, line, given)
    slug = catalog_rules.slugify(product.handle) or "item"
    if len(slug) > MADE_UP_SKU_MAX - 12:
        slug = f"{slug[: MADE_UP_SKU_MAX - 21]}-{hashlib.sha1(product.handle.encode()).hexdigest()[:8]}"
    return f"{slug}-{len(product.variants) + 1}", None


def _add_image(product: ImportedProduct, position: int, url: str, alt: str) -> None:
    if all(existing != url for _, existing, _ in product.images):
        product.images.append((position, url, alt))
