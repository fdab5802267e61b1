"""Dashboard arithmetic: local days, empty days kept, averages and changes rounded half-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shoal.orders.rules_report import DayFigures, PaidOrder, PlacedOrder, change_percent, conversion_percent, days

ZONE = "Asia/Shanghai"


def test_orders_count_on_the_shop_s_local_day() -> None:
    late_utc = PaidOrder(datetime(2026, 11, 24, 17, 30, tzinfo=UTC), 1000, "c1")  # 01:30 on the 25th in Shanghai
    early = PaidOrder(datetime(2026, 11, 24, 1, 0, tzinfo=UTC), 500, "c2")
    series = days([late_utc, early], today=date(2026, 11, 25), count=3, zone=ZONE)
    assert [(d.day.day, d.gmv, d.orders) for d in series] == [(23, 0, 0), (24, 500, 1), (25, 1000, 1)]


def test_paying_customers_are_distinct_and_the_average_rounds_half_up() -> None:
    orders = [PaidOrder(datetime(2026, 11, 25, 2, tzinfo=UTC), t, "same") for t in (100, 101)]
    [today] = days(orders, today=date(2026, 11, 25), count=1, zone=ZONE)
    assert (today.paying_customers, today.average_order_value) == (1, 101)  # 100.5 -> 101


def test_conversion_is_the_share_of_the_day_s_orders_paid() -> None:
    placed = [
        PlacedOrder(datetime(2026, 11, 24, 17, 0, tzinfo=UTC), paid=True),  # the 25th in Shanghai
        PlacedOrder(datetime(2026, 11, 25, 3, 0, tzinfo=UTC), paid=False),
        PlacedOrder(datetime(2026, 11, 25, 4, 0, tzinfo=UTC), paid=False),
        PlacedOrder(datetime(2026, 11, 24, 3, 0, tzinfo=UTC), paid=True),  # the 24th
    ]
    assert conversion_percent(placed, day=date(2026, 11, 25), zone=ZONE) == 33  # 1 of 3
    assert conversion_percent(placed, day=date(2026, 11, 24), zone=ZONE) == 100
    assert conversion_percent(placed, day=date(2026, 11, 23), zone=ZONE) is None


def test_change_needs_a_yesterday() -> None:
    assert change_percent(150, 100) == 50
    assert change_percent(100, 0) is None
    assert change_percent(0, 3) == -100


@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 29 * 24)), max_size=60))
def test_the_series_adds_up_to_every_order_in_the_window(raw) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 10, 27, 0, tzinfo=UTC)
    orders = [PaidOrder(start + timedelta(hours=h), total, None) for total, h in raw]
    series = days(orders, today=date(2026, 11, 25), count=30, zone="UTC")
    assert len(series) == 30
    assert sum(d.gmv for d in series) == sum(t for t, _ in raw)
    assert all(isinstance(d, DayFigures) for d in series)


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 100), st.integers(0, 47)), max_size=20))
def test_refunds_land_on_the_day_paid_and_net_sales_never_go_negative(specs: list[tuple[int, int, int]]) -> None:
    start = datetime(2026, 11, 24, tzinfo=UTC)
    orders = [
        PaidOrder(start + timedelta(hours=hour), total, "c", total * share // 100) for total, share, hour in specs
    ]
    series = days(orders, today=date(2026, 11, 26), count=3, zone="UTC")
    assert sum(d.refunds for d in series) == sum(o.refunded for o in orders)
    assert all(0 <= d.net_gmv == d.gmv - d.refunds for d in series)
