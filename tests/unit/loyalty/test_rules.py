"""Pure loyalty rules: levels, earning, streaks, and FIFO expiry by arithmetic checked against real lots."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from shoal.loyalty import rules
from shoal.loyalty.rules import Level, Terms

LEVELS = [Level("V1", 0), Level("V2", 100, 150), Level("V3", 1000, 200)]


def test_the_level_is_the_highest_threshold_reached() -> None:
    assert [rules.level_for(g, LEVELS).code for g in (0, 99, 100, 5000)] == ["V1", "V1", "V2", "V3"]  # type: ignore[union-attr]
    assert rules.level_for(5, [Level("V2", 10)]) is None
    assert rules.next_level(100, LEVELS).code == "V3" and rules.next_level(1000, LEVELS) is None  # type: ignore[union-attr]


def test_points_are_whole_yuan_times_rate_times_multiplier_rounded_down() -> None:
    assert rules.earned_points(12_345, per_yuan=1) == 123
    assert rules.earned_points(12_345, per_yuan=2, multiplier=150) == 369
    assert rules.earned_points(99, per_yuan=10) == 0


def test_a_streak_continues_only_from_yesterday_and_the_nth_day_earns_the_bonus() -> None:
    today = date(2026, 3, 10)
    assert rules.streak_after(date(2026, 3, 9), 6, today) == 7
    assert rules.streak_after(date(2026, 3, 8), 6, today) == 1
    terms = Terms(checkin_points=5, streak_days=7, streak_bonus=20)
    assert [rules.checkin_points(s, terms) for s in (6, 7, 14)] == [5, 25, 25]


def test_expiry_dates_rolling_and_year_end() -> None:
    earned = datetime(2026, 1, 31, 4, tzinfo=UTC)
    assert rules.expires_at(earned, Terms(expiry="rolling", expiry_months=1)) == datetime(2026, 2, 28, 4, tzinfo=UTC)
    assert rules.expires_at(earned, Terms(expiry="never")) is None
    year_end = rules.expires_at(earned, Terms(expiry="year_end"))
    assert year_end is not None and year_end.astimezone(rules.SHOP_ZONE).date() == date(2028, 1, 1)


@given(st.lists(st.tuples(st.booleans(), st.integers(1, 500)), max_size=40), st.integers(0, 40))
def test_expiry_by_arithmetic_equals_expiring_the_unspent_oldest_lots(moves, cut) -> None:  # type: ignore[no-untyped-def]
    """Lots are earned in order (so expire in order), spends take the oldest first; after the first ``cut``
    lots expire, the lots' remainders and ``due_to_expire(E, D)`` agree."""
    lots: list[int] = []
    debits = 0
    for earn, amount in moves:
        if earn:
            lots.append(amount)
            continue
        take = min(amount, sum(lots))
        debits += take
        for i, left in enumerate(lots):
            used = min(left, take)
            lots[i] -= used
            take -= used
    earned = [amount for earn, amount in moves if earn]
    expiring = sum(earned[:cut])
    assert rules.due_to_expire(expiring, debits) == sum(lots[:cut])


@given(st.integers(0, 10_000), st.lists(st.integers(1, 5_000), max_size=6), st.integers(1, 20_000))
def test_take_backs_add_up_to_the_refunded_share_and_never_more(earned, refunds, total) -> None:  # type: ignore[no-untyped-def]
    taken = refunded = 0
    for amount in refunds:
        refunded = min(total, refunded + amount)
        taken += rules.proportional_take_back(earned, refunded, total, taken)
    assert taken == earned * refunded // total <= earned


def test_points_take_at_most_the_cap_and_cost_their_rate() -> None:
    terms = Terms(points_per_yuan_off=100, max_points_percent=50)
    assert rules.points_deduction(2_000, 1_000, terms) == (500, 500)
    assert rules.points_deduction(150, 10_000, terms) == (150, 150)
    assert rules.points_deduction(7, 10_000, Terms(points_per_yuan_off=3, max_points_percent=100)) == (233, 7)
    assert rules.points_deduction(0, 1_000, terms) == (0, 0)


@given(st.integers(0, 10**6), st.integers(0, 10**7), st.integers(1, 1000), st.integers(0, 100))
def test_a_deduction_never_costs_more_points_than_held_nor_passes_the_cap(points, goods, rate, cap) -> None:  # type: ignore[no-untyped-def]
    off, spent = rules.points_deduction(points, goods, Terms(points_per_yuan_off=rate, max_points_percent=cap))
    assert 0 <= off <= goods * cap // 100 and 0 <= spent <= points
    assert spent * 100 >= off * rate  # never a fen cheaper than the rate
