"""Spreading a counter over shards: nothing lost or added, and as even as it can be."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.core.shards import spread


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=64))
def test_spread_adds_up_and_differs_by_at_most_one(quantity: int, shards: int) -> None:
    parts = spread(quantity, shards)
    assert len(parts) == shards and sum(parts) == quantity
    assert max(parts) - min(parts) <= 1 and min(parts) >= 0
