"""Pure arithmetic of the sales dashboard: days in the shop's time zone, totals, averages, comparisons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class PaidOrder:
    paid_at: datetime
    total: int
    customer_id: str | None
    refunded: int = 0


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One day's sales. ``refunds`` is what went back of the orders paid that day (whenever it went back),
    so ``net_gmv`` is what the day's sales finally brought in and never drops below zero."""

    day: date
    gmv: int
    orders: int
    paying_customers: int
    refunds: int = 0

    @property
    def net_gmv(self) -> int:
        return self.gmv - self.refunds

    @property
    def average_order_value(self) -> int:
        """GMV per order, half-up to the fen (0 on a day without orders)."""
        if not self.orders:
            return 0
        return int((Decimal(self.gmv) / self.orders).to_integral_value(ROUND_HALF_UP))


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def days(orders: list[PaidOrder], *, today: date, count: int, zone: str) -> list[DayFigures]:
    """One figure per day for the ``count`` days ending ``today`` (oldest first), empty days included."""
    gmv: dict[date, int] = defaultdict(int)
    refunds: dict[date, int] = defaultdict(int)
    placed: dict[date, int] = defaultdict(int)
    payers: dict[date, set[str]] = defaultdict(set)
    for order in orders:
        day = local_day(order.paid_at, zone)
        gmv[day] += order.total
        refunds[day] += order.refunded
        placed[day] += 1
        if order.customer_id:
            payers[day].add(order.customer_id)
    wanted = [today - timedelta(days=n) for n in range(count - 1, -1, -1)]
    return [DayFigures(d, gmv[d], placed[d], len(payers[d]), refunds[d]) for d in wanted]


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    created_at: datetime
    paid: bool


def conversion_percent(orders: list[PlacedOrder], *, day: date, zone: str) -> int | None:
    """Of the orders placed on ``day`` (shop's zone), the share paid so far, in whole percent half-up.

    This is checkout-to-payment conversion (下单支付转化率); ``None`` on a day without orders.
    """
    placed = [order for order in orders if local_day(order.created_at, zone) == day]
    if not placed:
        return None
    paid = sum(1 for order in placed if order.paid)
    return int((Decimal(paid) * 100 / len(placed)).to_integral_value(ROUND_HALF_UP))


def change_percent(today: int, yesterday: int) -> int | None:
    """Day-over-day change in whole percent, half-up; ``None`` when yesterday had nothing to compare."""
    if yesterday == 0:
        return None
    return int((Decimal(today - yesterday) * 100 / yesterday).to_integral_value(ROUND_HALF_UP))
