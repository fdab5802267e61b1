"""The policy's error profile: a forecast that runs low is raised by its bias, and the safety stock comes from the
spread of the error summed over the lead time, which a persistent miss makes wider than one period's × √L."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from shoal.supply.rules_replenishment import error_profile, levels, levels_from_profile


def test_a_forecast_running_low_is_raised_by_its_bias() -> None:
    windows = [[(110.0, 100.0)] * 4, [(90.0, 80.0)] * 4]
    profile = error_profile(windows, lead=2)
    assert profile.bias == 10.0 and profile.lead_sd == 0.0
    target = levels_from_profile([100.0] * 4, profile, 2, 0.95)
    assert target.reorder_point == 220 and target.order_up_to == 330


def test_persistent_misses_widen_the_lead_time_spread_beyond_root_lead() -> None:
    windows = [[(105.0, 100.0)] * 3, [(95.0, 100.0)] * 3]  # each window misses the same way every week
    profile = error_profile(windows, lead=3)
    per_period = 5.0
    assert profile.bias == 0.0 and math.isclose(profile.lead_sd, 3 * per_period)
    old = levels([100.0] * 4, per_period, 3, 0.95)
    new = levels_from_profile([100.0] * 4, profile, 3, 0.95)
    assert new.safety_stock > old.safety_stock


@given(st.lists(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 500)), min_size=1, max_size=6), max_size=5))
def test_levels_never_fall_below_the_reorder_point_and_spreads_are_not_negative(windows) -> None:  # type: ignore[no-untyped-def]
    profile = error_profile(windows, lead=2)
    assert profile.lead_sd >= 0 and profile.cover_sd >= 0
    target = levels_from_profile([50.0, 60.0, 70.0], profile, 2, 0.9)
    assert target.order_up_to >= target.reorder_point >= 0
