"""Turning daily paid units into evenly spaced series for the forecaster. Pure."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: weekly buckets are ISO weeks."""
    return day - timedelta(days=day.weekday())


def weekly_series(
    daily: dict[tuple[str, str, date], int], first: date, last: date
) -> dict[tuple[str, str], list[tuple[date, float]]]:
    """Per (variant, location), units per week from ``first``'s week to ``last``'s week, weeks without sales as 0:
    the forecaster needs every period, and a week with no sale is real demand of zero."""
    weeks: list[date] = []
    cursor = week_start(first)
    while cursor <= week_start(last):
        weeks.append(cursor)
        cursor += timedelta(days=7)
    totals: dict[tuple[str, str], dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for (variant_id, location_id, day), units in daily.items():
        if first <= day <= last:
            totals[(variant_id, location_id)][week_start(day)] += units
    return {key: [(w, per_week.get(w, 0.0)) for w in weeks] for key, per_week in sorted(totals.items())}
