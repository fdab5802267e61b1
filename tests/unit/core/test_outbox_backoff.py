"""The outbox's retry delay: starts short, doubles, never passes its cap, and never runs out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.core.outbox import FAILING_AFTER, FIRST_RETRY, LONGEST_RETRY, retry_delay


@given(st.integers(min_value=0, max_value=10_000))
def test_the_delay_grows_and_stays_within_bounds(attempts: int) -> None:
    delay = retry_delay(attempts)
    assert FIRST_RETRY <= delay <= LONGEST_RETRY
    assert retry_delay(attempts + 1) >= delay


def test_the_delay_doubles_until_the_cap() -> None:
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 80, 160]
    assert retry_delay(1_000_000) == LONGEST_RETRY


def test_staff_hear_of_a_failing_event_within_minutes_not_hours() -> None:
    waited = sum((retry_delay(n) for n in range(1, FAILING_AFTER)), start=FIRST_RETRY * 0)
    assert waited.total_seconds() <= 10 * 60
