"""A run from the shop's orders forecasts a dense SKU by day and a slow one by week, stores the granularity per
point, and hands the engine the shipped holidays and marketing's promotion dates as known inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shoal.marketing.models import Promotion
from shoal.supply import service_forecasts
from shoal.supply.forecasting import engine
from shoal.supply.schemas_forecasts import ForecastRunCreate
from tests.conftest import staff_actor


async def test_dense_history_by_day_sparse_by_week_with_holidays_and_promotions(
    db, tenant, uow_factory, clock, monkeypatch
):  # type: ignore[no-untyped-def]
    pytest.importorskip("statsforecast")
    today = clock.now().date()  # 2026-11-25: the history spans National Day and 双11
    days = [today - timedelta(days=k) for k in range(1, 71)]
    daily = {("v-busy", "loc-1", d): 20 + (d.weekday() * 3) + (k % 4) for k, d in enumerate(days)}
    daily |= {("v-slow", "loc-1", d): 2 for d in days if d.weekday() == 0}

    async def paid_units(_uow, *, since):  # type: ignore[no-untyped-def]
        return daily

    seen: dict[int, list[str]] = {}
    real = engine.forecast

    def spying(series, inputs, options, future=None, progress=None):  # type: ignore[no-untyped-def]
        seen[options.horizon] = list(inputs)
        assert future and all(set(v) == set(inputs) for f in future.values() for v in f.values())
        return real(series, inputs, options, future, progress)

    monkeypatch.setattr(service_forecasts, "daily_paid_units", paid_units)
    monkeypatch.setattr(engine, "forecast", spying)
    start = datetime(2026, 10, 20, 2, tzinfo=UTC)
    async with uow_factory() as uow:
        uow.s.add(Promotion(
            tenant_id=tenant.id, name={"zh-CN": "秋促", "en": "Autumn"}, status="active", benefit={},
            condition={"starts_at": start.isoformat(), "ends_at": (start + timedelta(days=5)).isoformat()},
            created_at=clock.now(), updated_at=clock.now(),
        ))  # fmt: skip
        await uow.commit()
    run = await service_forecasts.start_run(uow_factory(), data_in=ForecastRunCreate(horizon=1))
    await service_forecasts.run_job(db, tenant_id=tenant.id, actor=staff_actor(), run_id=run.id)
    done = await service_forecasts.get_run(uow_factory(), run_id=run.id)
    assert done.status == "done", done.error
    assert done.frequency == "mixed" and done.report["frequencies"] == {"week": 1, "day": 1}
    assert seen == {1: ["is_holiday", "on_promotion"], 7: ["is_holiday", "on_promotion"]}
    busy = await service_forecasts.list_forecasts(uow_factory(), variant_id="v-busy", location_id="loc-1")
    slow = await service_forecasts.list_forecasts(uow_factory(), variant_id="v-slow", location_id="loc-1")
    assert [p.period for p in busy] == [today + timedelta(days=k) for k in range(7)]
    assert {p.frequency for p in busy} == {"day"} and {p.frequency for p in slow} == {"week"} and len(slow) == 1
    weekly = await service_forecasts.latest_series(uow_factory())
    assert weekly[("v-busy", "loc-1")][0] == [pytest.approx(sum(p.forecast for p in busy))]
