"""Dealer rules: prices, quantities, order files and volume rebates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.dealers import rules
from shoal.dealers.errors import BadOrderFile, BadPeriod, BelowMinimum, NotWholeCases

TIERS = [rules.Tier(10_000, 200), rules.Tier(50_000, 300)]


@given(st.integers(0, 10**11), st.integers(0, 10_000))
def test_a_discount_off_list_stays_between_nothing_and_the_list_price(list_price: int, bps: int) -> None:
    assert 0 <= rules.unit_price(list_price, None, bps) <= list_price
    assert rules.unit_price(list_price, 123, bps) == 123  # the price list wins


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_more_volume_never_earns_less_rebate(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert rules.rebate(low, TIERS)[1] <= rules.rebate(high, TIERS)[1]


def test_rebate_is_the_highest_tier_reached_on_the_whole_volume() -> None:
    assert rules.rebate(9_999, TIERS) == (0, 0)
    assert rules.rebate(60_000, TIERS) == (300, 1_800)


def test_quantities_are_at_least_the_moq_in_whole_cases() -> None:
    rules.check_quantity("TEA-1", 15, moq=10, case_pack=5)
    with pytest.raises(BelowMinimum):
        rules.check_quantity("TEA-1", 5, moq=10, case_pack=5)
    with pytest.raises(NotWholeCases):
        rules.check_quantity("TEA-1", 12, moq=10, case_pack=5)


def test_an_order_file_reads_rows_and_names_the_first_bad_line() -> None:
    assert rules.read_order_file("sku,数量\nTEA-1, 10\n\nCUP-1,3\n") == [("TEA-1", 10), ("CUP-1", 3)]
    for text, line in (("TEA-1,ten\n", 1), ("TEA-1,1\nCUP-1,0\n", 2), ("TEA-1,²\n", 1), ("TEA-1\n", 1)):
        with pytest.raises(BadOrderFile) as refused:
            rules.read_order_file(text)
        assert refused.value.params["line"] == line


def test_only_ended_months_settle() -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    assert rules.period_bounds("2026-10", now) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
    assert rules.last_period(now) == "2026-10"
    for period in ("2026-11", "2026-13", "soon"):
        with pytest.raises(BadPeriod):
            rules.period_bounds(period, now)
