"""What product search matches, as pure functions: the text stored in ``Product.search_text`` and the
``LIKE`` patterns a query becomes.

A shopper or a merchant types what they remember of a product: a word of its name or description, a tag
(白茶), its category (乌龙茶), a SKU or barcode, or the pinyin of a Chinese name, in full (``baimudan``)
or by initials (``bmd``), as WeChat malls and Youzan accept. All of it goes into one lowercased,
NFKC-folded text (full-width ``ＢＭＤ`` is ``bmd``), one entry a line, so that every term of a query is
one substring match, which the trigram index on PostgreSQL and a scan on SQLite both answer in one
statement whatever the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from pypinyin import Style, lazy_pinyin

QUERY_HELP = (
    "Words that must all appear in a name, tag, category name or description (any locale), a SKU or barcode, "
    "or the pinyin of a Chinese name in full or by initials (baimudan, bmd)."
)
MAX_TERMS = 8  # a query is at most this many words; more add nothing but work
_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SearchSource:
    """A product's words: names, tags and category names, codes, and descriptions (HTML) in every locale."""

    names: tuple[str, ...]
    tags: tuple[str, ...] = ()
    category_names: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()
    barcodes: tuple[str | None, ...] = ()
    descriptions: tuple[str, ...] = ()


def product_source(
    *,
    name: str,
    description: str,
    translations: Mapping[str, Any],
    tags: Iterable[str],
    category_names: Iterable[str],
    codes: Iterable[tuple[str, str | None]],
) -> SearchSource:
    """A product's words from its stored columns (``translations`` as stored), its categories' names and its
    variants' (SKU, barcode) pairs: one recipe for the services and the migration that backfilled the text."""
    texts = list(translations.values())
    pairs = list(codes)
    return SearchSource(
        names=translated_names(name, translations),
        tags=tuple(tags),
        category_names=tuple(category_names),
        skus=tuple(sku for sku, _ in pairs),
        barcodes=tuple(barcode for _, barcode in pairs),
        descriptions=(description, *(entry.get("description") or "" for entry in texts)),
    )


def translated_names(name: str, translations: Mapping[str, Any]) -> tuple[str, ...]:
    """The stored name and every translation's."""
    return (name, *(entry.get("name") or "" for entry in translations.values()))


def search_text(source: SearchSource) -> str:
    """Every word ``q`` may match, one entry a line, each once: words, their pinyin, codes, description text."""
    words = [*source.names, *source.tags, *source.category_names]
    parts = [
        *words,
        *(form for word in words for form in pinyin_forms(word)),
        *source.skus,
        *(b for b in source.barcodes if b),
        *(plain_text(description) for description in source.descriptions),
    ]
    entries = (_SPACES.sub(" ", normalise(part)).strip() for part in parts if part)
    return "\n".join(dict.fromkeys(entry for entry in entries if entry))


def pinyin_forms(text: str) -> list[str]:
    """The full pinyin (``baimudan``) and initials (``bmd``) of a text with Chinese in it, else nothing.

    Polyphonic characters take the reading pypinyin's phrase dictionary gives in context (重庆 is
    ``chongqing``). Letters and digits beside the Chinese are kept, spaces dropped: ``白牡丹2024``.
    """
    if not _HAN.search(text):
        return []
    full = "".join(lazy_pinyin(text))
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER))
    return [_SPACES.sub("", full), _SPACES.sub("", initials)]


def plain_text(description: str) -> str:
    """A description's readable words: tags, scripts and styles dropped, entities decoded."""
    if "<" not in description and "&" not in description:
        return description
    reader = _TextReader()
    reader.feed(description)
    reader.close()
    return " ".join(reader.chunks)


def like_patterns(q: str) -> list[str]:
    """One ``LIKE`` pattern per word of ``q`` (all must match), with ``%``, ``_`` and the escape escaped."""
    terms = list(dict.fromkeys(normalise(q).split()))[:MAX_TERMS]
    return [f"%{_escaped(term)}%" for term in terms]


def normalise(text: str) -> str:
    """Folded as stored and as queried: full-width to half-width (NFKC), lowercase."""
    return unicodedata.normalize("NFKC", text).lower()


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _TextReader(HTMLParser):
    _HIDDEN = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Iterable[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """A category's parent and its names in every locale: what a product in it (or below it) is found by."""

    parent_id: str | None
    names: tuple[str, ...]


def category_names(categories: Mapping[str, CategoryWords], category_ids: Iterable[str]) -> list[str]:
    """The names of the categories a product sits in and of their ancestors (白牡丹 in 白茶 under 茶叶 is
    found by both), each once; a loop in bad data is walked once."""
    names: list[str] = []
    seen: set[str] = set()
    for category_id in category_ids:
        current: str | None = category_id
        while current is not None and current in categories and current not in seen:
            seen.add(current)
            names.extend(categories[current].names)
            current = categories[current].parent_id
    return list(dict.fromkeys(names))


def subtree(parents: Mapping[str, str | None], root: str) -> set[str]:
    """``root`` and every category below it: renaming or moving it changes their products' ancestors."""
    children: dict[str | None, list[str]] = {}
    for node, parent in parents.items():
        children.setdefault(parent, []).append(node)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
