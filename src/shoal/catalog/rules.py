"""Pure catalog rules: variant generation, SKU and handle rules, channel price resolution,
localisation and the category tree. No I/O; the services call these and the unit tests probe them."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shoal.core.i18n import pick

PRODUCT_STATUSES = ("draft", "active", "archived")
SORTS = ("created_at", "-created_at", "name", "-name", "price", "-price")
HANDLE_MAX = 120
SKU_MAX = 255  # as long as Shopify allows, so that no store's export is refused for its SKUs
_HANDLE_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def slugify(text: str) -> str:
    """A URL handle from any text: lowercase letters and digits of any script joined by single hyphens.

    Chinese stays Chinese (``西湖龙井`` is a fine, readable slug); accents are folded (``Café`` → ``cafe``).
    """
    slug = _HANDLE_SEPARATORS.sub("-", _fold(_fold(text).lower())).strip("-")
    return slug[:HANDLE_MAX].rstrip("-")


def _fold(text: str) -> str:
    """Compatibility-decompose and drop accents (twice in ``slugify``: lowercasing can undo a fold)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def is_valid_handle(handle: str) -> bool:
    """A handle is already what ``slugify`` would make of it (so imports can match on it exactly)."""
    return 0 < len(handle) <= HANDLE_MAX and slugify(handle) == handle


def generate_option_combinations(option_values: Sequence[Sequence[str]]) -> list[list[str]]:
    """Every combination of option values (cartesian product), first option varying slowest.

    The order is stable: the same options always give the same variants in the same positions, so an
    import run twice matches variants one to one. No options give one combination: the default variant.
    """
    return [list(combo) for combo in itertools.product(*option_values)]


def generated_sku(base: str, indices: Sequence[int]) -> str:
    """The SKU of a generated variant: the base plus the 1-based position of each option value."""
    return "-".join([base, *(str(i + 1) for i in indices)]) if indices else base


def sku_base(handle: str) -> str:
    return handle.upper()[:56]


def variant_title(values: Sequence[str]) -> str:
    return " / ".join(values)


def option_value_indices(option_values: Sequence[Sequence[str]], combo: Sequence[str]) -> list[int]:
    return [list(values).index(value) for values, value in zip(option_values, combo, strict=True)]


def combination_problem(option_values: Sequence[Sequence[str]], combo: Sequence[str]) -> str | None:
    """Why a variant's option values do not fit the product's options, or None if they do."""
    if len(combo) != len(option_values):
        return f"expected {len(option_values)} option values, got {len(combo)}"
    for values, value in zip(option_values, combo, strict=True):
        if value not in values:
            return f"{value!r} is not one of {list(values)}"
    return None


def duplicates(items: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    repeated: list[Any] = []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


@dataclass(frozen=True, slots=True)
class PriceEntry:
    channel: str
    customer_group: str | None
    price: int


def resolve_price(base: int, entries: Iterable[PriceEntry], channel: str, customer_group: str | None = None) -> int:
    """The unit price for a channel and customer group.

    Most specific wins: (channel, group) > (channel, any group) > the variant's base price.
    Entries of other channels, and of other groups, never apply.
    """
    for_channel = None
    for entry in entries:
        if entry.channel != channel:
            continue
        if entry.customer_group is None:
            for_channel = entry.price
        elif customer_group is not None and entry.customer_group == customer_group:
            return entry.price
    return base if for_channel is None else for_channel


def localised(name: str, description: str, translations: Mapping[str, Any], locale: str) -> tuple[str, str]:
    """Name and description in ``locale``, falling back to the stored default-locale text."""
    entry = translations.get(locale) or {}
    return entry.get("name") or name, entry.get("description") or description


def names_by_locale(name: str, translations: Mapping[str, Any], default_locale: str) -> dict[str, str]:
    names = {default_locale: name}
    for locale, entry in translations.items():
        if entry.get("name"):
            names[locale] = entry["name"]
    return {locale: pick(names, locale) for locale in ("zh-CN", "en")}


def would_create_cycle(parents: Mapping[str, str | None], node: str, new_parent: str | None) -> bool:
    """Moving ``node`` under ``new_parent`` makes a loop if ``node`` is ``new_parent`` or one of its ancestors."""
    seen: set[str] = set()
    current = new_parent
    while current is not None and current not in seen:
        if current == node:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def build_tree(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Nest flat category rows (each with ``id``, ``parent_id``) into ``children`` lists, keeping row order.

    A row whose parent is missing from ``rows`` becomes a root, so a partial list still renders.
    """
    nodes = {row["id"]: {**row, "children": []} for row in rows}
    roots: list[dict[str, Any]] = []
    for row in rows:
        parent = nodes.get(row["parent_id"]) if row["parent_id"] else None
        (parent["children"] if parent else roots).append(nodes[row["id"]])
    return roots
