"""Money: exact integer arithmetic, largest-remainder allocation that always sums to the whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.core.money import (
    CurrencyMismatch,
    Money,
    allocate,
    format_amount,
    parse_decimal_amount,
    percent_of,
)


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(0, 10**9), min_size=1, max_size=60))
def test_allocation_parts_sum_to_the_whole(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)


@given(st.integers(0, 10**12), st.lists(st.integers(0, 10**9), min_size=1, max_size=60))
def test_allocation_is_never_more_than_one_unit_from_exact_share(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    whole = sum(weights) or len(weights)
    for part, weight in zip(parts, weights if sum(weights) else [1] * len(weights), strict=True):
        exact = total * weight / whole
        assert part >= 0
        assert abs(part - exact) < 1


@given(st.integers(0, 10**9), st.lists(st.integers(1, 10**6), min_size=1, max_size=30))
def test_allocation_never_gives_a_part_more_than_its_weight_when_total_fits(total: int, weights: list[int]) -> None:
    total = min(total, sum(weights))
    assert all(part <= weight for part, weight in zip(allocate(total, weights), weights, strict=True))


def test_allocation_examples() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [0, 0]) == [5, 5]
    assert allocate(-7, [1, 1]) == [-4, -3]
    assert allocate(0, []) == []
    with pytest.raises(ValueError):
        allocate(1, [])


def test_percent_rounds_half_up() -> None:
    assert percent_of(1999, 5000) == 1000  # 999.5 -> 1000
    assert percent_of(1, 2500) == 0
    assert percent_of(10_000, 8_500) == 8_500


@given(st.integers(-(10**12), 10**12))
def test_decimal_round_trip(amount: int) -> None:
    assert parse_decimal_amount(format_amount(amount)) == amount


def test_parsing_refuses_fractions_of_a_fen_and_garbage() -> None:
    assert parse_decimal_amount("19.9") == 1990
    assert parse_decimal_amount("0") == 0
    with pytest.raises(ValueError):
        parse_decimal_amount("1.999")
    with pytest.raises(ValueError):
        parse_decimal_amount("abc")


def test_money_refuses_floats_and_mixed_currencies() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "CNY")  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatch):
        Money(1, "CNY") + Money(1, "USD")
    assert (Money(150, "CNY") + Money(50, "CNY")).times(3) == Money(600, "CNY")
