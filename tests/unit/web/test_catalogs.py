"""Every string the pages show is translated in both catalogs (zh-CN and en)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from shoal.web.i18n import catalog_path, translations

WEB = Path(__file__).resolve().parents[3] / "src" / "shoal" / "web"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _used_msgids() -> set[str]:
    found = extract_from_dir(str(WEB), METHODS, options_map=OPTIONS)
    return {message if isinstance(message, str) else message[0] for _file, _line, message, *_ in found}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_used_string_has_a_translation(locale: str) -> None:
    with catalog_path(locale).open("rb") as po:
        catalog = read_po(po)
    translated = {m.id for m in catalog if m.id and m.string}
    used = _used_msgids()
    assert used, "the extractor found no strings: the test would pass vacuously"
    assert sorted(used - translated) == []


def test_chinese_catalog_is_really_chinese() -> None:
    assert translations("zh-CN").gettext("Products") == "商品"
    assert translations("en").gettext("Products") == "Products"
