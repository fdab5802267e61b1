"""Replenishment rules: levels by hand, and orders that always respect MOQ and packs and reach the target."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.supply import rules_replenishment as rules


def test_levels_by_hand() -> None:
    target = rules.levels([10, 10, 10, 10], error_sd=4.0, lead_periods=2, service_level=0.95)
    z = 1.6448536
    assert target.safety_stock == math.ceil(z * 4 * math.sqrt(2))  # 9.3 -> 10
    assert target.reorder_point == math.ceil(20 + z * 4 * math.sqrt(2))  # 30
    assert target.order_up_to == math.ceil(30 + z * 4 * math.sqrt(3))  # 42
    assert rules.levels([10], 0.0, 0, 0.95).reorder_point == 0
    assert rules.demand_over([5, 7], 3.5) == pytest.approx(5 + 7 + 7 + 3.5)


def test_more_error_or_a_higher_service_level_holds_more_stock() -> None:
    low = rules.levels([10] * 4, 2.0, 2, 0.9)
    assert rules.levels([10] * 4, 6.0, 2, 0.9).reorder_point > low.reorder_point
    assert rules.levels([10] * 4, 2.0, 2, 0.99).reorder_point > low.reorder_point


@given(
    position=st.integers(-50, 200),
    reorder=st.integers(0, 100),
    extra=st.integers(0, 100),
    moq=st.integers(1, 60),
    pack=st.integers(1, 24),
)
def test_orders_are_whole_packs_at_least_the_moq_and_reach_the_target(position, reorder, extra, moq, pack) -> None:
    target = rules.Levels(reorder, reorder + extra, 0)
    quantity = rules.order_quantity(position, target, moq, pack)
    if position > reorder:
        assert quantity == 0
    else:
        assert quantity % pack == 0 and quantity >= moq and position + quantity >= target.order_up_to
        assert quantity - pack < max(target.order_up_to - position, moq, 1)  # never a whole pack more than needed
