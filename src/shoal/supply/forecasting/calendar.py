"""The holiday calendar shipped with Shoal (``holidays_cn.csv``): Chinese public holidays and the shopping festivals
(618, 双11, 双12) of 2025–2027, the days a shop's demand jumps for reasons its own history cannot foresee.

Public holidays of 2025 and 2026 are the State Council's published schedules; 2027's are placed by the lunar
calendar (the official schedule is published each November) and should be checked then. Shopping festivals are
their peak day only. Extend the file for later years; a forecast past its last date simply sees no holiday.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import cache
from importlib import resources


@cache
def holiday_days() -> frozenset[date]:
    """Every day of every holiday and shopping festival in the calendar."""
    text = resources.files(__package__).joinpath("holidays_cn.csv").read_text(encoding="utf-8")
    days: set[date] = set()
    for row in csv.DictReader(text.splitlines()):
        day, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)
