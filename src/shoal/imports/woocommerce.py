"""WooCommerce's product CSV export (its built-in exporter, as in its sample data).

Simple, external and downloadable products are one variant each. A variable product takes as options
the attributes its variations choose, and each ``variation`` row (which names its parent by SKU or
``id:N`` in ``Parent``) becomes a variant; attributes no variation chooses stay product attributes.
A grouped product sells nothing itself: it shows the products it lists (``Grouped products``, by SKU or
``id:N``) together on one page. Shoal's way of showing products together is a category, so it becomes a
category of its name that holds those products (besides their own category), reported as a warning
(``grouped_as_category``); found by name, so importing again changes nothing. WooCommerce has no handle:
it is made from the product's name, as WooCommerce makes its own slugs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from shoal.catalog import rules as catalog_rules
from shoal.imports import fields, skus
from shoal.imports.fields import CellError
from shoal.imports.rows import ImportedProduct, ImportedVariant, ParsedFile, RowError

WEIGHT_COLUMN = re.compile(r"^Weight \((?P<unit>\w+)\)$")
WEIGHT_UNITS = {"lbs": "lb", "lb": "lb", "kg": "kg", "g": "g", "oz": "oz"}
ATTRIBUTES = 3
Row = dict[str, str]
Weight = tuple[str, str]  # the weight column, and its unit


def looks_like_woocommerce(header: list[str]) -> bool:
    return {"Type", "SKU", "Name", "Regular price"} <= set(header)


def parse(text: str) -> ParsedFile:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    weight = _weight_column(reader.fieldnames or [])
    rows = [
        (line, row)
        for line, row in enumerate(reader, start=2)
        if any(isinstance(v, str) and v.strip() for v in row.values())
    ]
    products: dict[str, ImportedProduct] = {}
    parents: dict[str, tuple[ImportedProduct, Row]] = {}
    refused: list[RowError] = []
    variations: list[tuple[int, Row]] = []
    groups: list[tuple[int, Row]] = []
    for line, row in rows:
        kinds = {kind.strip() for kind in fields.text(row, "Type").split(",")}
        if "variation" in kinds:
            variations.append((line, row))
        elif "grouped" in kinds:
            groups.append((line, row))
        else:
            product = _product(line, row, products)
            products[product.handle] = product
            parents.update({fields.text(row, "SKU"): (product, row), f"id:{fields.text(row, 'ID')}": (product, row)})
            if "variable" not in kinds:
                _guarded(product, line, lambda p=product, ln=line, r=row: _add_standalone(p, ln, r, weight))
    owned = [(line, row, parents.get(fields.text(row, "Parent"))) for line, row in variations]
    for _, row, found in owned:
        if found is not None:
            _choose_options(found[0], row)
    for line, row, found in owned:
        if found is None:
            refused.append(
                RowError(
                    line, "", "unknown_parent", f"no variable product {fields.text(row, 'Parent')!r} in the file",
                    f"文件中没有父商品 {fields.text(row, 'Parent')!r}",
                )
            )  # fmt: skip
        else:
            parent, parent_row = found
            inherited = {weight[0]: fields.text(row, weight[0]) or fields.text(parent_row, weight[0])}
            _guarded(
                parent, line, lambda p=parent, ln=line, r=row | inherited: p.variants.append(_variant(p, ln, r, weight))
            )
    for product in products.values():
        if not product.variants and not product.errors:
            product.fail(product.first_row, "no_variants", "a variable product needs variations", "可变商品须有规格行")
    found = {key: product for key, (product, _) in parents.items() if key}
    grouped = [_grouped_as_category(line, row, found) for line, row in groups]
    return ParsedFile("woocommerce", list(products.values()), refused, grouped)


def _grouped_as_category(line: int, row: Row, products: dict[str, ImportedProduct]) -> RowError:
    """List the grouped product's children in a category of its name; the warning says what became of it."""
    name = fields.text(row, "Name") or fields.text(row, "SKU") or f"woo-{fields.text(row, 'ID') or line}"
    listed = [ref.strip() for ref in fields.text(row, "Grouped products").split(",") if ref.strip()]
    held = [products[ref] for ref in listed if ref in products]
    for child in held:
        if name != child.category and name not in child.more_categories:
            child.more_categories.append(name)
    missing = [ref for ref in listed if ref not in products]
    handles = [p.handle for p in held]
    en = f"a grouped product: imported as the category {name!r} holding {', '.join(handles) or 'nothing'}"
    zh = f"组合商品：已导入为分类“{name}”，包含 {'、'.join(handles) or '（无）'}"
    if missing:
        en += f" ({', '.join(missing)} not in the file)"
        zh += f"（文件中没有 {'、'.join(missing)}）"
    en += "; its own description and images are not kept (a category has none)"
    zh += "；其自身的描述和图片未保留（分类没有这些内容）"
    return RowError(line, catalog_rules.slugify(name), "grouped_as_category", en, zh)


def _guarded(product: ImportedProduct, line: int, work: Callable[[], object]) -> None:
    try:
        work()
    except CellError as exc:
        product.fail(line, exc.code, exc.en, exc.zh)


def _weight_column(header: list[str]) -> Weight:
    for name in header:
        match = WEIGHT_COLUMN.match(name)
        if match:
            return name, WEIGHT_UNITS.get(match["unit"].lower(), "g")
    return "", "g"


def _handle(row: Row, line: int, taken: dict[str, ImportedProduct]) -> str:
    handle = catalog_rules.slugify(fields.text(row, "Name")) or f"woo-{fields.text(row, 'ID') or line}"
    return f"{handle}-{fields.text(row, 'ID') or line}" if handle in taken else handle


def _product(line: int, row: Row, taken: dict[str, ImportedProduct]) -> ImportedProduct:
    name = fields.text(row, "Name")
    product = ImportedProduct(handle=_handle(row, line, taken), first_row=line, name=name)
    product.description = fields.text(row, "Description", "Short description")
    product.status = {"1": "active", "-1": "draft"}.get(fields.text(row, "Published"), "draft")
    categories = [c for c in fields.text(row, "Categories").split(",") if c.strip()]
    product.category = categories[0].split(">")[-1].strip() if categories else None
    product.tags = fields.tag_list(fields.text(row, "Tags"))
    product.images = [(i, url, "") for i, url in enumerate(_images(row), start=1)]
    product.attributes = {"woocommerce_id": fields.text(row, "ID")} if fields.text(row, "ID") else {}
    for number in range(1, ATTRIBUTES + 1):
        key, values = fields.text(row, f"Attribute {number} name"), fields.text(row, f"Attribute {number} value(s)")
        if key and values:
            product.attributes[key] = values
    if not name:
        product.fail(line, "missing_name", "the product needs a Name", "商品须填写 Name（名称）")
    return product


def _images(row: Row) -> list[str]:
    return [url.strip() for url in fields.text(row, "Images").split(",") if url.strip()]


def _prices(row: Row) -> tuple[int, int | None]:
    """Price and compare-at price: on sale, the sale price is charged and the regular one struck through."""
    regular = fields.amount(fields.text(row, "Regular price"), "Regular price")
    sale = fields.optional_amount(fields.text(row, "Sale price"), "Sale price")
    return (sale, regular) if sale is not None and sale < regular else (regular, None)


def _add_standalone(product: ImportedProduct, line: int, row: Row, weight: Weight) -> None:
    price, compare_at = _prices(row)
    kinds = fields.text(row, "Type")
    sku, source_sku = _sku(product, line, row)
    product.variants.append(
        ImportedVariant(
            row=line, sku=sku, source_sku=source_sku, options=[], price=price,
            compare_at_price=compare_at, weight_grams=fields.grams(fields.text(row, weight[0]), weight[1]),
            quantity=product.stock(line, fields.text(row, "Stock"), "Stock"),
            requires_shipping="virtual" not in kinds, taxable=fields.text(row, "Tax status") != "none",
        )
    )  # fmt: skip


def _sku(product: ImportedProduct, line: int, row: Row) -> tuple[str, str | None]:
    """The row's SKU as one word (and the file's own if that changed it); none: made from the handle and
    the variant's place, so importing again makes the same one."""
    given = fields.text(row, "SKU")
    return skus.from_cell(product, line, given) if given else (f"{product.handle}-{len(product.variants) + 1}", None)


def _choose_options(parent: ImportedProduct, row: Row) -> None:
    """A variable product's options are the attributes its variations give a value to, in column order."""
    for number in range(1, ATTRIBUTES + 1):
        name = fields.text(row, f"Attribute {number} name")
        if name and fields.text(row, f"Attribute {number} value(s)") and name not in parent.option_names:
            parent.option_names.append(name)
            parent.attributes.pop(name, None)


def _variant(parent: ImportedProduct, line: int, row: Row, weight: Weight) -> ImportedVariant:
    chosen = {
        fields.text(row, f"Attribute {n} name"): fields.text(row, f"Attribute {n} value(s)")
        for n in range(1, ATTRIBUTES + 1)
    }
    values = [chosen.get(name, "") for name in parent.option_names]
    if not all(values):
        raise CellError(
            "option_values_mismatch",
            f"the variation needs a value for each option ({', '.join(parent.option_names)})",
            f"该规格须为每个选项填写取值（{'、'.join(parent.option_names)}）",
        )
    price, compare_at = _prices(row)
    image = next(iter(_images(row)), None)
    if image and all(url != image for _, url, _ in parent.images):
        parent.images.append((len(parent.images) + 1, image, ""))
    sku, source_sku = _sku(parent, line, row)
    return ImportedVariant(
        row=line,
        sku=sku,
        source_sku=source_sku,
        options=values,
        price=price,
        compare_at_price=compare_at,
        weight_grams=fields.grams(fields.text(row, weight[0]), weight[1]),
        quantity=parent.stock(line, fields.text(row, "Stock"), "Stock"),
        image=image,
        requires_shipping="virtual" not in fields.text(row, "Type"),
        taxable=fields.text(row, "Tax status") != "none",
    )
