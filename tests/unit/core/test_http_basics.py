"""Locale negotiation, problem rendering, cursors and ids."""

from __future__ import annotations

import uuid

import pytest

from shoal.core.errors import NotFound
from shoal.core.i18n import negotiate_locale
from shoal.core.ids import new_id
from shoal.core.pagination import InvalidCursor, decode_cursor, encode_cursor


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh-CN"),
        ("en-US,en;q=0.9", "en"),
        ("fr, en;q=0.5, zh;q=0.8", "zh-CN"),
        ("de", "zh-CN"),
        ("zh-TW", "zh-CN"),
    ],
)
def test_locale_negotiation(header: str | None, expected: str) -> None:
    assert negotiate_locale(header) == expected


def test_problems_speak_both_languages_and_carry_their_parameters() -> None:
    error = NotFound("product", id="p1")
    en, zh = error.problem("en", "/x"), error.problem("zh-CN")
    assert en["code"] == zh["code"] == "not_found"
    assert en["status"] == 404 and en["instance"] == "/x" and en["id"] == "p1"
    assert "product" in en["detail"] and "找不到该商品" in zh["detail"]


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor(["2026", "id-1", 3])) == ["2026", "id-1", 3]
    assert decode_cursor(None) is None
    with pytest.raises(InvalidCursor):
        decode_cursor("%%%not-base64")


def test_ids_are_time_ordered_uuid7() -> None:
    ids = [new_id() for _ in range(50)]
    assert all(uuid.UUID(i).version == 7 and str(uuid.UUID(i)) == i for i in ids)  # canonical, lower-case form
    assert len(set(ids)) == 50
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)
