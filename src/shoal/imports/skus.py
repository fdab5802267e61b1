"""SKUs from other shops' files, made to fit Shoal's rule of one SKU per variant in a shop.

Shopify and WooCommerce accept a SKU on several variants or products, with spaces, or none at all.
Shoal names a variant by its SKU (stock, orders, scanners), so each must be one word, unique in the
shop. Rather than refuse such a row (and lose the product), the import stores a changed SKU, keeps
the file's own as the variant's ``source_sku`` and says what it did in the report:

- spaces become hyphens (``AB 12`` → ``AB-12``);
- a SKU the file repeats stays on its first variant (in file order); each later one gets the first free
  suffix ``-2``, ``-3``... that no SKU of the file uses;
- a SKU another product of the shop holds gets the first free suffix the same way.

The changed SKU depends only on the file and on what the shop holds, never on chance, so a second
import of the same file gives every variant the SKU the first one gave it (the variant itself is found
by its handle and option values: see ``docs/import-format.md``).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping

from shoal.catalog.rules import SKU_MAX
from shoal.imports.fields import CellError
from shoal.imports.rows import ImportedProduct, ImportedVariant

Holder = tuple[str, tuple[str, ...]]  # (product handle, option values) of the variant holding a SKU
LOOKUP_BATCH = 8  # suffixes looked up at once when a SKU is taken


def from_cell(product: ImportedProduct, line: int, given: str) -> tuple[str, str | None]:
    """The file's SKU as one word, and the file's own when that changed it (``given`` is not empty).
    Longer than Shopify allows is refused: no shop's export has such a SKU."""
    sku = "-".join(given.split())
    if len(sku) > SKU_MAX:
        raise CellError(
            "invalid_sku", f"SKU {given!r} is longer than {SKU_MAX} characters", f"SKU {given!r} 超过 {SKU_MAX} 个字符"
        )
    if sku != given:
        product.warn(
            line, "sku_spaces_replaced", f"SKU {given!r} was imported as {sku!r} (SKUs have no spaces)",
            f"SKU {given!r} 含空格，已导入为 {sku!r}", sku=sku, source_sku=given,
        )  # fmt: skip
    return sku, (given if sku != given else None)


def suffixed(sku: str, number: int) -> str:
    """``sku`` with ``-number``, cut short first when it would pass the longest SKU."""
    suffix = f"-{number}"
    return sku[: SKU_MAX - len(suffix)] + suffix


def _first_unused(sku: str, used: Collection[str]) -> str:
    return next(candidate for n in itertools.count(2) if (candidate := suffixed(sku, n)) not in used)


def suffix_repeated(products: list[ImportedProduct]) -> None:
    """A SKU the file names more than once stays on its first variant; each later variant is given the
    first suffix the file does not use, with a warning on its row naming where the SKU was first."""
    used = {v.sku for p in products for v in p.variants}
    first: dict[str, tuple[str, int]] = {}
    for product in products:
        for variant in product.variants:
            owner = first.setdefault(variant.sku, (product.handle, variant.row))
            if owner == (product.handle, variant.row):
                continue
            new = _first_unused(variant.sku, used)
            used.add(new)
            _rename(
                product, variant, new, "sku_repeated",
                f"SKU {variant.sku!r} is also on {owner[0]} (row {owner[1]}); this variant was imported as {new!r}",
                f"SKU {variant.sku!r} 已用于 {owner[0]}（第 {owner[1]} 行），本规格已导入为 {new!r}",
            )  # fmt: skip


class Unchecked(Exception):
    """The shop must be asked who holds these SKUs before a free one can be chosen."""

    def __init__(self, skus: list[str]) -> None:
        super().__init__(skus)
        self.skus = skus


def renames_for_taken(
    product: ImportedProduct, handle: str, holders: Mapping[str, Holder], checked: Collection[str],
    in_file: Collection[str],
) -> dict[int, tuple[str, str]]:  # fmt: skip
    """For each variant whose SKU another product (or another variant of this one) holds: its index, and
    the first free suffix with the holder's handle. ``handle`` is the product's handle as stored.

    A variant is itself by handle and option values, so a SKU it already holds (from an earlier import)
    is free for it. A suffix is free when no other variant holds it and no SKU of the file (``in_file``)
    is it. ``holders`` answers for the ``checked`` SKUs, which always include each variant's own; a
    suffix not checked yet raises ``Unchecked`` with the next few to ask about, and nothing is changed.
    """
    chosen: set[str] = set()
    renames: dict[int, tuple[str, str]] = {}
    for index, variant in enumerate(product.variants):
        own: Holder = (handle, tuple(variant.options))
        if holders.get(variant.sku, own) == own:
            continue
        new = _first_free(variant.sku, own, holders, checked, {*in_file, *chosen})
        chosen.add(new)
        renames[index] = (new, holders[variant.sku][0])
    return renames


def _first_free(
    sku: str, own: Holder, holders: Mapping[str, Holder], checked: Collection[str], used: Collection[str]
) -> str:
    number = 1
    while True:
        number += 1
        candidate = suffixed(sku, number)
        if candidate in used:
            continue
        if candidate not in checked:
            raise Unchecked([suffixed(sku, n) for n in range(number, number + LOOKUP_BATCH)])
        if holders.get(candidate, own) == own:
            return candidate


def apply_renames(product: ImportedProduct, renames: Mapping[int, tuple[str, str]]) -> None:
    for index, (new, holder) in renames.items():
        variant = product.variants[index]
        _rename(
            product, variant, new, "sku_in_use",
            f"SKU {variant.sku!r} belongs to {holder} in this shop; this variant was imported as {new!r}",
            f"SKU {variant.sku!r} 已属于本店商品 {holder}，本规格已导入为 {new!r}",
        )  # fmt: skip


def _rename(product: ImportedProduct, variant: ImportedVariant, new: str, code: str, en: str, zh: str) -> None:
    source = variant.source_sku or variant.sku
    product.warn(variant.row, code, en, zh, sku=new, source_sku=source)
    variant.sku, variant.source_sku = new, source
