"""Pure rules of loyalty: levels by growth, points earned, check-in streaks, expiry (FIFO) and take-backs.

Expiry needs no per-lot bookkeeping. Points are spent oldest-expiring first and every lot's expiry is
monotone in its earning date (rolling N months, or the end of the following year), so the points still
unspent among those expiring by ``t`` are ``max(0, E(t) - D)``: ``E(t)`` the points of lots expiring by
``t`` and ``D`` every debit ever (spends, expiries, take-backs). A run that expires them adds to ``D``,
so a second run finds nothing more: the job is idempotent by arithmetic, and by a unique reference too.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHOP_ZONE = ZoneInfo("Asia/Shanghai")
EXPIRY_MODES = ("never", "rolling", "year_end")


@dataclass(frozen=True, slots=True)
class Terms:
    points_per_yuan: int = 1
    growth_per_yuan: int = 1
    checkin_points: int = 5
    checkin_growth: int = 1
    streak_days: int = 7
    streak_bonus: int = 20
    expiry: str = "rolling"
    expiry_months: int = 12
    points_per_yuan_off: int = 100
    max_points_percent: int = 50


DEFAULT_TERMS = Terms()


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    threshold: int
    points_multiplier: int = 100


def level_for(growth: int, levels: Sequence[Level]) -> Level | None:
    """The highest level whose threshold the growth has reached (none below the lowest threshold)."""
    reached = [level for level in levels if level.threshold <= growth]
    return max(reached, key=lambda level: level.threshold) if reached else None


def next_level(growth: int, levels: Sequence[Level]) -> Level | None:
    above = [level for level in levels if level.threshold > growth]
    return min(above, key=lambda level: level.threshold) if above else None


def earned_points(paid: int, *, per_yuan: int, multiplier: int = 100) -> int:
    """Points for ``paid`` fen: whole yuan × rate × the level's multiplier (percent), rounded down."""
    return max(0, paid) // 100 * per_yuan * multiplier // 100


def growth_for(paid: int, *, per_yuan: int) -> int:
    return max(0, paid) // 100 * per_yuan


def streak_after(last_day: date | None, last_streak: int, today: date) -> int:
    """Days in a row including ``today``: yesterday's streak plus one, else a new streak of one."""
    return last_streak + 1 if last_day == today - timedelta(days=1) else 1


def checkin_points(streak: int, terms: Terms) -> int:
    bonus = terms.streak_bonus if terms.streak_days and streak % terms.streak_days == 0 else 0
    return terms.checkin_points + bonus


def shop_day(at: datetime) -> date:
    return at.astimezone(SHOP_ZONE).date()


def expires_at(earned_at: datetime, terms: Terms) -> datetime | None:
    """When points earned at ``earned_at`` expire: never, N months later, or the end of the next year."""
    if terms.expiry == "never":
        return None
    if terms.expiry == "year_end":
        local = earned_at.astimezone(SHOP_ZONE)
        return datetime.combine(date(local.year + 2, 1, 1), time(), SHOP_ZONE)
    return add_months(earned_at, terms.expiry_months)


def add_months(at: datetime, months: int) -> datetime:
    month_index = at.month - 1 + months
    year, month = at.year + month_index // 12, month_index % 12 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))


def due_to_expire(expiring: int, debits: int) -> int:
    """Points of lots expiring by now still unspent: what expiry takes, given every debit ever (FIFO)."""
    return max(0, expiring - debits)


def proportional_take_back(earned: int, refunded_total: int, order_total: int, taken: int) -> int:
    """What a refund reaching ``refunded_total`` takes back of ``earned``, given ``taken`` already."""
    if order_total <= 0 or earned <= 0:
        return 0
    owed = earned * min(refunded_total, order_total) // order_total
    return max(0, owed - taken)


def points_deduction(points: int, goods: int, terms: Terms) -> tuple[int, int]:
    """(fen off, points spent) for up to ``points`` against goods worth ``goods`` fen: at most the shop's
    percentage of the goods, and only whole fen; the points spent are those the fen cost, rounded up, so a
    deduction never costs fewer points than its rate."""
    if points <= 0 or goods <= 0 or terms.points_per_yuan_off <= 0:
        return 0, 0
    off = min(points * 100 // terms.points_per_yuan_off, goods * terms.max_points_percent // 100)
    return off, -(-off * terms.points_per_yuan_off // 100)
