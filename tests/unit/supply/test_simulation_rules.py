"""The inventory simulation by hand (lost sales, arrivals after the lead time) and its invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.supply.rules_replenishment import Levels
from shoal.supply.rules_simulation import min_max, simulate, units


def test_a_short_run_by_hand() -> None:
    # start at 10; period 0 sells 6 (4 left, at the reorder point 5 -> order 6, lands at the start of period 2)
    # period 1 wants 8, only 4 there: 4 lost, position 0 + 6 on order is above 5 so no order; period 2 gets 6,
    # sells 3, leaving 3 (nothing on order -> order 7)
    target = Levels(reorder_point=5, order_up_to=10, safety_stock=0)
    out = simulate([6, 8, 3], [target] * 3, lead=1)
    assert (out.demand, out.served, out.stockouts, out.orders) == (17, 13, 1, 2)
    assert out.stock_sum == 4 + 0 + 3
    assert out.fill_rate == 13 / 17


def test_the_min_max_rule_is_weeks_of_average_demand() -> None:
    assert min_max([10, 20, 30], lead=2, buffer=1) == Levels(60, 80, 20)
    assert units(-3.4) == 0 and units(2.6) == 3


@given(
    demand=st.lists(st.integers(0, 50), min_size=1, max_size=30),
    reorder=st.integers(0, 80),
    extra=st.integers(0, 80),
    lead=st.integers(0, 4),
)
def test_never_serves_more_than_asked_and_a_start_above_all_demand_never_runs_out(demand, reorder, extra, lead) -> None:
    out = simulate(demand, [Levels(reorder, reorder + extra, 0)] * len(demand), lead)
    assert 0 <= out.served <= out.demand == sum(demand)
    assert out.stockouts <= len(demand) and out.stock_sum >= 0
    ample = simulate(demand, [Levels(reorder, sum(demand) + reorder, 0)] * len(demand), lead)
    assert ample.fill_rate == 1.0 and ample.stockouts == 0
