"""The dates and instants the API accepts: years 1900 to 2999, and instants with their UTC offset.

Python's calendar ends at years 1 and 9999. A day or an instant at either end (``0001-01-01``,
``9999-12-31T23:59:59-23:59``) overflows as soon as it is moved to the shop's time zone or to UTC, which
was a 500. No shop has a sale in year 1 or a coupon valid until 9999, so such a value is a typo: every
date and datetime an input schema or a query parameter takes is one of these types, and a value outside
the range is a 422 whose field error has the stable code ``date_out_of_range``.

An instant without an offset (``2026-01-01T00:00:00``) means a different moment in every time zone, and
the database refuses to store or compare one (also a 500): it is a 422 with the code ``timezone_aware``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
DATE_OUT_OF_RANGE = "date_out_of_range"
DateOrInstant = TypeVar("DateOrInstant", bound=date)


def _within_range(value: DateOrInstant) -> DateOrInstant:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            DATE_OUT_OF_RANGE,
            "Dates run from {first} to {last}.",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


Day = Annotated[date, AfterValidator(_within_range)]
Instant = Annotated[AwareDatetime, AfterValidator(_within_range)]
