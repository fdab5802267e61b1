"""Pure rules of group-buys: who pays the leader price, what the deadline does, a group's expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shoal.campaigns.group_buy import rules

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_the_leader_pays_the_leader_price_only_where_there_is_one() -> None:
    assert rules.unit_price(5900, 4900, leader=True) == 4900
    assert rules.unit_price(5900, 4900, leader=False) == 5900
    assert rules.unit_price(5900, None, leader=True) == 5900


@given(paid=st.integers(0, 100), minimum=st.one_of(st.none(), st.integers(1, 100)))
def test_a_group_at_its_deadline_succeeds_only_by_virtual_fill_from_m_paid(paid: int, minimum: int | None) -> None:
    outcome = rules.deadline_outcome(paid, minimum)
    assert outcome == (rules.SUCCEEDED if minimum is not None and paid >= minimum else rules.FAILED)


@given(minutes=st.integers(5, 10_080), ends_in=st.integers(1, 20_000))
def test_a_group_never_outlives_its_activity(minutes: int, ends_in: int) -> None:
    ends_at = NOW + timedelta(minutes=ends_in)
    expiry = rules.group_expiry(NOW, minutes, ends_at)
    assert expiry <= ends_at and expiry <= NOW + timedelta(minutes=minutes)
    assert expiry in (ends_at, NOW + timedelta(minutes=minutes))


def test_activity_states() -> None:
    start, end = NOW, NOW + timedelta(days=1)
    assert rules.activity_state("draft", start, end, NOW) == "draft"
    assert rules.activity_state("published", start, end, NOW - timedelta(seconds=1)) == "upcoming"
    assert rules.activity_state("published", start, end, NOW) == "live"
    assert rules.activity_state("published", start, end, end) == "ended"
    assert rules.activity_state("ended", start, end, NOW) == "ended"
