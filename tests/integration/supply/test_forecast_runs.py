"""Forecast runs from the shop's paid orders: the job stores each SKU × location's points with intervals and method
(orders' paid units stood in by a Walmart slice's weekly figures), and a missing extra is a clear 503."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from shoal.supply import service_forecasts
from shoal.supply.errors import ForecastUnavailable
from shoal.supply.forecasting import engine
from shoal.supply.schemas_forecasts import ForecastRunCreate
from tests.conftest import staff_actor

FIXTURE = Path(__file__).parents[2] / "fixtures" / "forecast" / "walmart_2_series_40_weeks.csv"


async def test_a_run_stores_weekly_points_with_intervals_and_method(db, tenant, uow_factory, clock, monkeypatch):
    pytest.importorskip("statsforecast")
    today = clock.now().date()
    monday = today - timedelta(days=today.weekday())
    rows = [r for r in csv.DictReader(FIXTURE.open()) if r["series"] == "1_1"]
    daily = {("v-tea", "loc-1", monday - timedelta(weeks=len(rows) - i)): round(float(r["quantity"]) / 100)
             for i, r in enumerate(rows)}  # fmt: skip

    async def paid_units(_uow, *, since):  # type: ignore[no-untyped-def]
        return daily

    monkeypatch.setattr(service_forecasts, "daily_paid_units", paid_units)
    run = await service_forecasts.start_run(uow_factory(), data_in=ForecastRunCreate(horizon=4))
    await service_forecasts.run_job(db, tenant_id=tenant.id, actor=staff_actor(), run_id=run.id, season_length=13)
    done = await service_forecasts.get_run(uow_factory(), run_id=run.id)
    assert done.status == "done" and done.done == done.total == 1, done.error
    points = await service_forecasts.list_forecasts(uow_factory(), variant_id="v-tea", location_id="loc-1")
    assert [p.period for p in points] == [monday + timedelta(weeks=k) for k in range(4)]
    assert all(0 <= p.lo80 <= p.forecast <= p.hi80 and p.error_sd > 0 for p in points)
    assert len({p.method for p in points}) == 1 and done.report == {
        "series": 1,
        "methods": {points[0].method: 1},
        "frequencies": {"week": 1},
    }
    assert isinstance(points[0].period, date)


async def test_without_the_extra_starting_a_run_says_what_to_install(uow_factory, monkeypatch) -> None:
    def missing():  # type: ignore[no-untyped-def]
        raise ForecastUnavailable()

    monkeypatch.setattr(engine, "library", missing)
    with pytest.raises(ForecastUnavailable) as refused:
        await service_forecasts.start_run(uow_factory(), data_in=ForecastRunCreate())
    assert "shoal[forecast]" in refused.value.render("en") and refused.value.status == 503
