"""Bargain plans: for any start price, floor and helper count the planned cuts are positive whole fen that sum
exactly to start − floor (so the floor is reached at the last cut and never crossed), with or without a big first
cut; the plan is fixed by its seed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.campaigns.bargain import rules


@st.composite
def bargains(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    helpers = draw(st.integers(min_value=1, max_value=100))
    floor = draw(st.integers(min_value=1, max_value=10**9))
    start = floor + draw(st.integers(min_value=helpers, max_value=10**9))
    return start, floor, helpers, draw(st.integers(min_value=0, max_value=2**64)), draw(st.integers(0, 90))


@given(bargains())
def test_planned_cuts_are_positive_and_sum_to_start_minus_floor(bargain: tuple[int, int, int, int, int]) -> None:
    start, floor, helpers, seed, first_percent = bargain
    plan = rules.plan_cuts(
        start_price=start, floor_price=floor, helpers=helpers, seed=seed, first_cut_percent=first_percent
    )
    assert len(plan) == helpers
    assert all(isinstance(cut, int) and cut >= 1 for cut in plan)
    assert sum(plan) == start - floor
    assert rules.price_after(start, plan, helpers) == floor
    assert all(rules.price_after(start, plan, n) > floor for n in range(helpers))


@given(bargains())
def test_the_seed_fixes_the_plan(bargain: tuple[int, int, int, int, int]) -> None:
    start, floor, helpers, seed, first_percent = bargain
    args = dict(start_price=start, floor_price=floor, helpers=helpers, seed=seed, first_cut_percent=first_percent)
    assert rules.plan_cuts(**args) == rules.plan_cuts(**args)


def test_a_big_first_cut_takes_its_share() -> None:
    plan = rules.plan_cuts(start_price=10_000, floor_price=1_000, helpers=10, seed=7, first_cut_percent=50)
    assert plan[0] == 4_500 and sum(plan) == 9_000


def test_a_bargain_that_cannot_give_every_helper_a_fen_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.plan_cuts(start_price=105, floor_price=100, helpers=6, seed=1)


def test_a_cut_takes_the_next_slices_of_the_plan() -> None:
    plan = [5, 3, 2]
    assert rules.cut_amount(plan, before=0, after=2) == 8 and rules.cut_amount(plan, before=2, after=3) == 2
    assert rules.slices_for(new_shopper=True, new_shopper_counts_double=True) == 2
    assert rules.slices_for(new_shopper=True, new_shopper_counts_double=False) == 1
