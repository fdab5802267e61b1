"""Shoal's own product CSV: one row per variant, product fields on the product's first row.

The columns are documented in ``docs/import-format.md``. Export writes the same format, so a file
exported from one shop imports unchanged into another.
"""

from __future__ import annotations

import csv
import io

from shoal.imports import fields
from shoal.imports.fields import CellError
from shoal.imports.rows import ImportedProduct, ImportedVariant, ParsedFile, RowError

COLUMNS = (
    "handle", "name_zh", "name_en", "description_zh", "description_en", "status", "category", "brand", "tags",
    "option1_name", "option1_value", "option2_name", "option2_value", "option3_name", "option3_value",
    "sku", "barcode", "weight_grams", "price", "compare_at_price", "image", "images", "quantity", "location_code",
)  # fmt: skip


# ``category`` may name several categories, the main one first: ``Tea|Gifts``.
CATEGORY_SEPARATOR = "|"


def looks_like_shoal(header: list[str]) -> bool:
    return {"handle", "sku", "price"} <= set(header)


def parse(text: str) -> ParsedFile:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    products: dict[str, ImportedProduct] = {}
    stray: list[RowError] = []
    for line, row in enumerate(reader, start=2):
        handle = fields.text(row, "handle")
        if not handle:
            stray.append(RowError(line, "", "missing_handle", "the row has no handle", "该行缺少 handle"))
            continue
        product = products.get(handle)
        if product is None:
            product = products[handle] = _product(handle, line, row)
        try:
            product.variants.append(_variant(product, line, row))
        except CellError as exc:
            product.fail(line, exc.code, exc.en, exc.zh)
    return ParsedFile("shoal", list(products.values()), stray)


def _product(handle: str, line: int, row: dict[str, str]) -> ImportedProduct:
    product = ImportedProduct(handle=handle, first_row=line)
    product.name = fields.text(row, "name_zh", "name_en")
    product.name_en = fields.text(row, "name_en") or None
    product.description = fields.text(row, "description_zh", "description_en")
    product.description_en = fields.text(row, "description_en") or None
    product.status = fields.text(row, "status").lower() or "draft"
    named = [name.strip() for name in fields.text(row, "category").split(CATEGORY_SEPARATOR) if name.strip()]
    product.category, product.more_categories = (named[0], named[1:]) if named else (None, [])
    product.brand = fields.text(row, "brand") or None
    product.tags = fields.tag_list(fields.text(row, "tags"))
    product.option_names = [n for n in (fields.text(row, f"option{i}_name") for i in (1, 2, 3)) if n]
    for url in fields.text(row, "images").split():
        add_image(product, url)
    if not product.name:
        product.fail(line, "missing_name", "the first row of a product needs name_zh or name_en", "商品首行须填写名称")
    if product.status not in ("active", "draft", "archived"):
        product.fail(
            line, "invalid_status", "status is active, draft or archived", "状态须为 active、draft 或 archived"
        )
    return product


def _variant(product: ImportedProduct, line: int, row: dict[str, str]) -> ImportedVariant:
    sku = fields.text(row, "sku")
    if not sku:
        raise CellError("missing_sku", "every row needs a sku", "每行都须填写 sku")
    values = [fields.text(row, f"option{i}_value") for i in (1, 2, 3)]
    named = len(product.option_names)
    if any(not v for v in values[:named]) or any(values[named:]):
        raise CellError(
            "option_values_mismatch",
            f"the row needs exactly one value for each option ({', '.join(product.option_names) or 'none'})",
            f"该行须为每个选项各填一个取值（{'、'.join(product.option_names) or '无选项'}）",
        )
    image = fields.text(row, "image") or None
    if image:
        add_image(product, image)
    quantity = fields.text(row, "quantity")
    return ImportedVariant(
        row=line,
        sku=sku,
        options=values[:named],
        price=fields.amount(fields.text(row, "price"), "price"),
        compare_at_price=fields.optional_amount(fields.text(row, "compare_at_price"), "compare_at_price"),
        barcode=fields.text(row, "barcode") or None,
        weight_grams=fields.whole_number(fields.text(row, "weight_grams") or "0", "weight_grams"),
        quantity=fields.whole_number(quantity, "quantity") if quantity else None,
        image=image,
        location_code=fields.text(row, "location_code") or None,
    )


def add_image(product: ImportedProduct, url: str) -> None:
    if all(existing != url for _, existing, _ in product.images):
        product.images.append((len(product.images) + 1, url, ""))


def write(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
