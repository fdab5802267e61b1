"""Shopify's product CSV export, read as Shopify writes it (old and new column layouts).

Rows sharing a ``Handle`` form one product: the first carries the product's fields, later rows add
variants and/or images (an image-only row has no variant cells). A product whose only option is
``Title: Default Title`` is a simple product with one variant and no options.
"""

from __future__ import annotations

import csv
import io

from shoal.imports import fields
from shoal.imports.fields import CellError
from shoal.imports.rows import ImportedProduct, ImportedVariant, ParsedFile, RowError

DEFAULT_OPTION = ("title", "default title")


def looks_like_shopify(header: list[str]) -> bool:
    return {"Handle", "Title", "Variant Price"} <= set(header)


def parse(text: str) -> ParsedFile:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    products: dict[str, ImportedProduct] = {}
    stray: list[RowError] = []
    for line, row in enumerate(reader, start=2):
        handle = fields.text(row, "Handle")
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
    product.name = fields.text(row, "Title")
    product.description = fields.text(row, "Body (HTML)")
    product.brand = fields.text(row, "Vendor") or None
    product.category = fields.text(row, "Type") or None
    product.tags = fields.tag_list(fields.text(row, "Tags"))
    product.status = _status(row)
    product.attributes = {
        key: value
        for key, value in (
            ("shopify_handle", handle),
            ("product_category", fields.text(row, "Product Category")),
            ("seo_title", fields.text(row, "SEO Title")),
            ("seo_description", fields.text(row, "SEO Description")),
        )
        if value
    }
    names = [fields.text(row, f"Option{i} Name") for i in (1, 2, 3)]
    names = [n for n in names if n]
    first_value = fields.text(row, "Option1 Value").lower()
    if names and (names[0].lower(), first_value) == DEFAULT_OPTION and len(names) == 1:
        names = []
    product.option_names = names
    if not product.name:
        product.fail(line, "missing_title", "the first row of a product needs a Title", "商品首行缺少 Title（标题）")
    return product


def _status(row: dict[str, str]) -> str:
    status = fields.text(row, "Status").lower()
    if status in ("active", "draft", "archived"):
        return status
    return "active" if fields.flag(fields.text(row, "Published")) else "draft"


def _add_row(product: ImportedProduct, line: int, row: dict[str, str]) -> None:
    image = fields.text(row, "Image Src")
    if image:
        position = fields.whole_number(
            fields.text(row, "Image Position") or str(len(product.images) + 1), "Image Position"
        )
        _add_image(product, position, image, fields.text(row, "Image Alt Text"))
    if not any(fields.text(row, name) for name in ("Variant SKU", "Variant Price", "Option1 Value")):
        return  # an image-only row
    values = [fields.text(row, f"Option{i} Value") for i in range(1, len(product.option_names) + 1)]
    if any(not v for v in values):
        raise CellError(
            "option_value_missing",
            f"the variant needs a value for each option ({', '.join(product.option_names)})",
            f"该规格须为每个选项填写取值（{', '.join(product.option_names)}）",
        )
    variant_image = fields.text(row, "Variant Image") or None
    if variant_image:
        _add_image(product, len(product.images) + 1, variant_image, "")
    quantity = fields.text(row, "Variant Inventory Qty")
    product.variants.append(
        ImportedVariant(
            row=line,
            sku=fields.text(row, "Variant SKU") or f"{product.handle}-{len(product.variants) + 1}",
            options=values,
            price=fields.amount(fields.text(row, "Variant Price") or "0", "Variant Price"),
            compare_at_price=fields.optional_amount(
                fields.text(row, "Variant Compare At Price"), "Variant Compare At Price"
            ),
            barcode=fields.text(row, "Variant Barcode").lstrip("'") or None,
            weight_grams=fields.grams(fields.text(row, "Variant Grams")),
            quantity=fields.whole_number(quantity, "Variant Inventory Qty") if quantity else None,
            image=variant_image,
        )
    )


def _add_image(product: ImportedProduct, position: int, url: str, alt: str) -> None:
    if all(existing != url for _, existing, _ in product.images):
        product.images.append((position, url, alt))
