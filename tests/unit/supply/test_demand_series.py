"""Granularity and known inputs of the shop's own series: dense histories by day, the rest by week; holidays from
the shipped calendar and promotion windows per period."""

from __future__ import annotations

from datetime import date, timedelta

from shoal.supply.forecasting.calendar import holiday_days
from shoal.supply.rules_demand import DENSE_WEEKS, daily_series, dense_keys, known_inputs, weekly_series

LAST = date(2026, 11, 29)


def test_a_sku_selling_most_days_is_dense_and_one_selling_weekly_is_not() -> None:
    window = [LAST - timedelta(days=k) for k in range(DENSE_WEEKS * 7)]
    daily = {("busy", "s1", d): 3 for d in window[: int(len(window) * 0.85)]}
    daily |= {("slow", "s1", d): 1 for d in window[::7]}
    daily |= {("old", "s1", LAST - timedelta(days=DENSE_WEEKS * 7 + k)): 5 for k in range(60)}
    assert dense_keys(daily, LAST) == {("busy", "s1")}


def test_daily_series_fill_days_without_sales_and_weekly_ones_sum_them() -> None:
    daily = {("v", "s", date(2026, 11, 23)): 2, ("v", "s", date(2026, 11, 25)): 3}
    days = daily_series(daily, date(2026, 11, 23), LAST)[("v", "s")]
    assert [v for _, v in days] == [2, 0, 3, 0, 0, 0, 0]
    assert weekly_series(daily, date(2026, 11, 23), LAST)[("v", "s")] == [(date(2026, 11, 23), 5.0)]


def test_known_inputs_mark_holiday_and_promotion_periods() -> None:
    holidays = holiday_days()
    assert {date(2026, 11, 11), date(2027, 6, 18), date(2025, 10, 1), date(2026, 2, 17)} <= holidays
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    found = known_inputs(weeks, 7, holidays, [(date(2026, 11, 22), date(2026, 11, 30))])
    assert [x["is_holiday"] for x in found] == [0.0, 1.0, 0.0]
    assert [x["on_promotion"] for x in found] == [0.0, 0.0, 1.0]
    assert known_inputs([date(2026, 11, 10)], 1, holidays, [])[0] == {"is_holiday": 0.0, "on_promotion": 0.0}
