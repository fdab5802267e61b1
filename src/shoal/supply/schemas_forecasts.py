"""Bodies of forecast runs and forecast points."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from shoal.core.schemas import Input, Output


class ForecastRunCreate(Input):
    horizon: int = Field(default=8, ge=1, le=52, description="Weeks to forecast (dense series by day: 7 days a week).")


class ForecastRunRead(Output):
    id: str
    status: str
    frequency: str
    horizon: int
    done: int
    total: int
    report: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


class ForecastPointRead(Output):
    variant_id: str
    location_id: str
    period: date
    forecast: float
    lo80: float
    hi80: float
    method: str
    error_sd: float
    frequency: str = Field(description="This series' granularity: week, or day where its history is dense.")
