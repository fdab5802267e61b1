"""Cells read the same in every format: amounts to fen exactly, weights to whole grams, never negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.core.money import format_amount
from shoal.imports import fields
from shoal.imports.fields import CellError


@given(st.integers(min_value=0, max_value=10**11))
def test_an_amount_written_as_yuan_reads_back_as_the_same_fen(fen: int) -> None:
    assert fields.amount(format_amount(fen), "price") == fen


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "1,"]))
def test_thousands_separators_are_ignored(fen: int, prefix: str) -> None:
    written = prefix + format_amount(fen)
    assert fields.amount(written, "price") == int(Decimal(written.replace(",", "")) * 100)


@pytest.mark.parametrize("value", ["abc", "1.2.3", "12.345", "-1", "¥"])
def test_what_is_not_an_amount_is_a_cell_error(value: str) -> None:
    with pytest.raises(CellError) as raised:
        fields.amount(value, "price")
    assert raised.value.code == "invalid_amount" and raised.value.zh


@given(
    st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "g", "kg", "lb", "oz", "KG"]),
)
def test_weights_become_whole_non_negative_grams_within_half_a_gram(value: Decimal, unit: str) -> None:
    grams = fields.grams(str(value), unit)
    exact = value * fields.GRAMS_PER_UNIT[unit.lower() or "g"]
    assert isinstance(grams, int) and grams >= 0 and abs(grams - exact) <= Decimal("0.5")


@given(st.integers(min_value=-(10**6), max_value=-1))
def test_negative_counts_and_weights_are_refused(number: int) -> None:
    with pytest.raises(CellError):
        fields.whole_number(str(number), "quantity")
    with pytest.raises(CellError):
        fields.grams(str(number))


@given(st.lists(st.text(alphabet="abc绿茶 ", min_size=1, max_size=60), max_size=10))
def test_tags_are_trimmed_non_empty_and_short(tags: list[str]) -> None:
    for sep in (",", "，"):
        assert all(0 < len(t) <= 50 and t == t.strip() for t in fields.tag_list(sep.join(tags)))
