"""What a product file says, in a neutral shape shared by every format's parser.

Parsers only read text: they never touch the database. Each product remembers the file rows it came
from, so that an error can name its row and the whole product can be skipped, never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shoal.imports import fields


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based line number in the file, the header being line 1
    handle: str
    code: str
    message_en: str
    message_zh: str
    sku: str | None = None  # a SKU that was changed: as imported ...
    source_sku: str | None = None  # ... and as the file gave it


@dataclass(slots=True)
class ImportedVariant:
    row: int
    sku: str
    options: list[str]
    price: int
    compare_at_price: int | None = None
    barcode: str | None = None
    weight_grams: int = 0
    quantity: int | None = None  # None: the file says nothing about stock
    image: str | None = None
    location_code: str | None = None
    requires_shipping: bool = True
    taxable: bool = True
    source_sku: str | None = None  # the file's SKU, when ``sku`` had to be another


@dataclass(slots=True)
class ImportedProduct:
    handle: str
    first_row: int
    name: str = ""
    name_en: str | None = None
    description: str = ""
    description_en: str | None = None
    status: str = "draft"
    brand: str | None = None
    category: str | None = None
    # Further categories the product is listed in (a WooCommerce grouped product that lists it), by name.
    more_categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    option_names: list[str] = field(default_factory=list)
    images: list[tuple[int, str, str]] = field(default_factory=list)  # (position, url, alt)
    variants: list[ImportedVariant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported anyway, but the merchant should know

    def category_names(self) -> list[str]:
        """The main category first, then the others, each once."""
        return list(dict.fromkeys([self.category, *self.more_categories] if self.category else self.more_categories))

    def fail(self, row: int, code: str, en: str, zh: str) -> None:
        self.errors.append(RowError(row, self.handle, code, en, zh))

    def warn(
        self, row: int, code: str, en: str, zh: str, *, sku: str | None = None, source_sku: str | None = None
    ) -> None:
        self.warnings.append(RowError(row, self.handle, code, en, zh, sku, source_sku))

    def stock(self, row: int, value: str, column: str) -> int | None:
        """A stock count from a shop that lets oversold stock go below zero; Shoal counts what is on the
        shelf, so that is zero (and the merchant is told). Empty: the file says nothing about stock."""
        if not value:
            return None
        quantity = fields.whole_number(value, column, allow_negative=True)
        if quantity < 0:
            self.warn(
                row, "negative_stock_zeroed", f"{column} {quantity} (oversold) was imported as 0",
                f"{column} {quantity}（超卖）已按 0 导入",
            )  # fmt: skip
        return max(quantity, 0)


@dataclass(slots=True)
class ParsedFile:
    format: str
    products: list[ImportedProduct]
    errors: list[RowError] = field(default_factory=list)  # rows that belong to no product
    warnings: list[RowError] = field(default_factory=list)  # rows that are no product, imported as something else


def refuse_repeated_skus(products: list[ImportedProduct]) -> None:
    """In Shoal's own format a SKU is the variant's identity: a later product reusing one is refused whole,
    with its row. (Other shops' files keep their products: see ``imports.skus``.)"""
    seen: dict[str, str] = {}
    for product in products:
        for variant in product.variants:
            owner = seen.setdefault(variant.sku, product.handle)
            if owner != product.handle or sum(v.sku == variant.sku for v in product.variants) > 1:
                product.fail(
                    variant.row,
                    "duplicate_sku",
                    f"SKU {variant.sku} appears twice in the file (also under {owner})",
                    f"SKU {variant.sku} 在文件中重复（另见 {owner}）",
                )
