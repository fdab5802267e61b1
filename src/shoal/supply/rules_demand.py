"""Turning daily paid units into evenly spaced series for the forecaster, choosing their granularity, and the known
future inputs (holidays, promotions) of each period. Pure.

Granularity rule ("dense"): a SKU × location is forecast by day when it sold on at least ``DENSE_SHARE`` (80%) of
the last ``DENSE_WEEKS`` (8) weeks' days, and by week otherwise. A day series of a slow mover is mostly zeros that
no method forecasts better than its weekly total, while a busy SKU's days carry the weekday pattern (season 7)
that a weekly sum hides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

DENSE_WEEKS = 8
DENSE_SHARE = 0.8
Daily = dict[tuple[str, str, date], int]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: weekly buckets are ISO weeks."""
    return day - timedelta(days=day.weekday())


def weekly_series(daily: Daily, first: date, last: date) -> dict[tuple[str, str], list[tuple[date, float]]]:
    """Per (variant, location), units per week from ``first``'s week to ``last``'s week, weeks without sales as 0:
    the forecaster needs every period, and a week with no sale is real demand of zero."""
    return _bucketed(daily, week_start(first), week_start(last), 7, week_start)


def daily_series(daily: Daily, first: date, last: date) -> dict[tuple[str, str], list[tuple[date, float]]]:
    """Per (variant, location), units per day from ``first`` to ``last``, days without sales as 0."""
    return _bucketed(daily, first, last, 1, lambda day: day)


def dense_keys(daily: Daily, last: date) -> set[tuple[str, str]]:
    """The (variant, location) pairs that sold on at least ``DENSE_SHARE`` of the ``DENSE_WEEKS`` weeks of days
    ending on ``last``: these are forecast by day."""
    window = DENSE_WEEKS * 7
    first = last - timedelta(days=window - 1)
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    for (variant_id, location_id, day), units in daily.items():
        if first <= day <= last and units > 0:
            days[(variant_id, location_id)].add(day)
    return {key for key, sold in days.items() if len(sold) >= DENSE_SHARE * window}


def known_inputs(
    periods: Sequence[date], days: int, holidays: frozenset[date], promotions: Iterable[tuple[date, date]]
) -> list[dict[str, float]]:
    """Per period of ``days`` days starting on each date: ``is_holiday`` 1 when any of its days is in the holiday
    calendar, ``on_promotion`` 1 when any of its days falls inside a promotion's window (start and end inclusive)."""
    windows = list(promotions)
    found = []
    for start in periods:
        span = [start + timedelta(days=k) for k in range(days)]
        found.append({
            "is_holiday": float(any(d in holidays for d in span)),
            "on_promotion": float(any(lo <= d <= hi for d in span for lo, hi in windows)),
        })  # fmt: skip
    return found


def _bucketed(
    daily: Daily, first: date, last: date, step: int, bucket: Callable[[date], date]
) -> dict[tuple[str, str], list[tuple[date, float]]]:
    periods: list[date] = []
    cursor = first
    while cursor <= last:
        periods.append(cursor)
        cursor += timedelta(days=step)
    totals: dict[tuple[str, str], dict[date, float]] = defaultdict(lambda: defaultdict(float))
    end = last + timedelta(days=step - 1)
    for (variant_id, location_id, day), units in daily.items():
        if first <= day <= end:
            totals[(variant_id, location_id)][bucket(day)] += units
    return {key: [(p, per.get(p, 0.0)) for p in periods] for key, per in sorted(totals.items())}
