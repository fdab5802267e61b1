"""Babel message catalogs of the web pages, compiled in memory when the package is imported.

The ``.po`` files are the only source: compiling them at import means a stale ``.mo`` can never be served.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from shoal.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

CATALOG_DIR = Path(__file__).parent / "i18n"


def catalog_path(locale: str) -> Path:
    return CATALOG_DIR / locale.replace("-", "_") / "LC_MESSAGES" / "messages.po"


@cache
def translations(locale: str) -> Translations:
    if locale not in SUPPORTED_LOCALES:
        locale = DEFAULT_LOCALE
    with catalog_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
