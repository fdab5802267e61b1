"""Forecasts of the shop's own paid orders, per SKU × location by day where its history is dense and by week
otherwise (``rules_demand.dense_keys``), with holidays (the shipped calendar) and marketing's promotion dates as
known inputs, computed by a background job.

Starting a run checks the forecasting libraries first (503 ``forecast_unavailable`` naming the extra) and answers
at once with the run; the job reads paid units from orders (``orders.service_demand``), buckets them into weeks,
runs the engine in a worker thread (it is CPU work), writes progress to the run, and stores every point with its
80% interval, the method chosen and the spread of its backtest errors (replenishment's safety stock).
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from shoal.core.actors import Actor
from shoal.core.errors import NotFound, ShoalError
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.core.uow import Database, UnitOfWork
from shoal.marketing.service_calendar import campaign_windows
from shoal.orders.service_demand import daily_paid_units
from shoal.supply.forecasting import calendar, data, engine
from shoal.supply.models import ForecastPoint, ForecastRun
from shoal.supply.rules_demand import Daily, daily_series, dense_keys, known_inputs, weekly_series
from shoal.supply.schemas_forecasts import ForecastPointRead, ForecastRunCreate, ForecastRunRead

log = logging.getLogger("shoal.supply")
HISTORY_WEEKS = 156


async def start_run(uow: UnitOfWork, *, data_in: ForecastRunCreate) -> ForecastRunRead:
    engine.library()
    async with uow:
        uow.actor.require("inventory.write")
        run = ForecastRun(
            tenant_id=uow.tenant_id, status="running", frequency="week", horizon=data_in.horizon, done=0, total=0,
            created_by=uow.actor.label[:80], created_at=uow.clock.now(),
        )  # fmt: skip
        uow.s.add(run)
        await uow.s.flush()
        read = ForecastRunRead.model_validate(run)
        await uow.commit()
        return read


async def get_run(uow: UnitOfWork, *, run_id: str) -> ForecastRunRead:
    async with uow:
        uow.actor.require("inventory.read")
        run = await uow.s.get(ForecastRun, run_id)
        if run is None or run.tenant_id != uow.tenant_id:
            raise NotFound("forecast run", id=run_id)
        return ForecastRunRead.model_validate(run)


async def run_job(db: Database, *, tenant_id: str, actor: Actor, run_id: str, season_length: int = 52) -> None:
    """Forecast every SKU × location with paid history (by day where dense, by week otherwise), then mark the run
    done (or failed, saying why)."""

    def new_uow() -> UnitOfWork:
        return db.uow(tenant_id=tenant_id, actor=actor)

    try:
        run = await get_run(new_uow(), run_id=run_id)
        now = db.clock.now()
        daily = await daily_paid_units(new_uow(), since=now - timedelta(weeks=HISTORY_WEEKS))
        promotions = await campaign_windows(new_uow())
        plans = _plans(daily, now.date(), run.horizon, season_length, promotions)
        total = sum(len(series) for _, series, _ in plans)
        await _write(new_uow(), run_id, total=total)
        found: list[tuple[str, list[data.ForecastRow], dict[str, tuple[str, float]]]] = []
        for frequency, series, (options, inputs, future) in plans:
            rows, chosen = await asyncio.to_thread(engine.forecast, series, inputs, options, future)
            found.append((frequency, rows, chosen))
        for frequency, rows, chosen in found:
            await _store(new_uow(), run_id, rows, chosen, frequency)
        chosen_all = {k: v for _, _, chosen in found for k, v in chosen.items()}
        frequencies = {f: len(s) for f, s, _ in plans}
        report = {"series": total, "methods": _count(chosen_all), "frequencies": frequencies}
        await _write(new_uow(), run_id, status="done", done=total, report=report, finished_at=db.clock.now(),
                     frequency=_frequency(frequencies))  # fmt: skip
    except ShoalError as exc:
        error = {locale: exc.render(locale) for locale in SUPPORTED_LOCALES}
        await _write(new_uow(), run_id, status="failed", error=error, finished_at=db.clock.now())
    except Exception:
        log.exception("forecast run %s failed", run_id)
        error = {"en": "The forecast stopped on an internal error; try again.", "zh-CN": "预测因内部错误中断，请重试。"}
        await _write(new_uow(), run_id, status="failed", error=error, finished_at=db.clock.now())


Plan = tuple[str, list[data.Series], tuple[engine.Options, list[str], dict[str, dict[date, dict[str, float]]]]]


def _plans(
    daily: Daily, today: date, horizon: int, season_length: int, promotions: list[tuple[date, date]]
) -> list[Plan]:
    """The weekly and the daily series (dense SKU × locations by day, with 7 × the horizon in days and a weekly
    season), each with its known inputs: holidays from the shipped calendar, promotions from marketing."""
    if not daily:
        return []
    first = min(d for *_, d in daily)
    yesterday = today - timedelta(days=1)
    dense = dense_keys(daily, yesterday)
    by_day = {k: v for k, v in daily_series(daily, first, yesterday).items() if k in dense}
    by_day = {k: v for k, v in by_day.items() if len(v) >= horizon * 7 + 3}
    last_sunday = today - timedelta(days=today.weekday() + 1)
    by_week = {k: v for k, v in weekly_series(daily, first, last_sunday).items() if k not in by_day}
    by_week = {k: v for k, v in by_week.items() if len(v) >= horizon + 3}
    plans: list[Plan] = []
    for frequency, found, days, h, season in (
        ("week", by_week, 7, horizon, season_length), ("day", by_day, 1, horizon * 7, 7),
    ):  # fmt: skip
        if found:
            series, extras = _with_inputs(found, days, h, promotions)
            plans.append((frequency, series, (engine.Options(horizon=h, season_length=season), *extras)))
    return plans


def _with_inputs(
    found: dict[tuple[str, str], list[tuple[date, float]]], days: int, horizon: int, promotions: list[tuple[date, date]]
) -> tuple[list[data.Series], tuple[list[str], dict[str, dict[date, dict[str, float]]]]]:
    """Series with ``is_holiday``/``on_promotion`` per period, and their values over the horizon. An input that never
    changes in the history is dropped: it tells a model nothing (and a constant regressor cannot be fitted)."""
    holidays = calendar.holiday_days()
    periods = [p for p, _ in next(iter(found.values()))]
    past = known_inputs(periods, days, holidays, promotions)
    step = timedelta(days=days)
    ahead_dates = [periods[-1] + step * k for k in range(1, horizon + 1)]
    ahead = known_inputs(ahead_dates, days, holidays, promotions)
    inputs = [name for name in ("is_holiday", "on_promotion") if len({x[name] for x in past}) > 1]
    keep = [{n: x[n] for n in inputs} for x in past]
    future_values = dict(zip(ahead_dates, ({n: x[n] for n in inputs} for x in ahead), strict=True))
    series = [
        data.Series(f"{variant}|{location}", [p for p, _ in points], [v for _, v in points], list(keep))
        for (variant, location), points in found.items()
    ]
    return series, (inputs, {s.key: future_values for s in series} if inputs else {})


def _frequency(frequencies: dict[str, int]) -> str:
    used = [f for f, n in frequencies.items() if n]
    return used[0] if len(used) == 1 else ("mixed" if used else "week")


async def latest_series(uow: UnitOfWork) -> dict[tuple[str, str], tuple[list[float], float, str]]:
    """Per (variant, location) of the latest finished run: its weekly forecasts in period order (daily series summed
    into weeks), error spread per week and method."""
    async with uow:
        uow.actor.require("inventory.read")
        latest = await _latest_run(uow)
        if latest is None:
            return {}
        rows = (
            await uow.s.execute(
                select(ForecastPoint)
                .where(ForecastPoint.tenant_id == uow.tenant_id, ForecastPoint.run_id == latest)
                .order_by(ForecastPoint.variant_id, ForecastPoint.location_id, ForecastPoint.period)
            )
        ).scalars()
        found: dict[tuple[str, str], tuple[list[float], float, str]] = {}
        days: set[tuple[str, str]] = set()
        for r in rows:
            values, _, _ = found.setdefault((r.variant_id, r.location_id), ([], r.error_sd, r.method))
            values.append(r.forecast)
            if r.frequency == "day":
                days.add((r.variant_id, r.location_id))
        return {key: (weeks_of(*value) if key in days else value) for key, value in found.items()}


def weeks_of(values: list[float], error_sd: float, method: str) -> tuple[list[float], float, str]:
    """A daily forecast in replenishment's weekly periods: 7 days summed per week, the spread × √7 (daily errors
    taken as independent)."""
    weeks = [sum(values[i : i + 7]) for i in range(0, len(values) - 6, 7)]
    return weeks, error_sd * math.sqrt(7), method


async def _latest_run(uow: UnitOfWork) -> str | None:
    return (
        await uow.s.execute(
            select(ForecastRun.id)
            .where(ForecastRun.tenant_id == uow.tenant_id, ForecastRun.status == "done")
            .order_by(ForecastRun.created_at.desc(), ForecastRun.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def list_forecasts(
    uow: UnitOfWork, *, variant_id: str, location_id: str | None = None
) -> list[ForecastPointRead]:
    """The latest finished run's points for a SKU (at one location, or every location), by location and period."""
    async with uow:
        uow.actor.require("inventory.read")
        latest = await _latest_run(uow)
        if latest is None:
            return []
        query = select(ForecastPoint).where(
            ForecastPoint.tenant_id == uow.tenant_id,
            ForecastPoint.run_id == latest,
            ForecastPoint.variant_id == variant_id,
        )
        if location_id:
            query = query.where(ForecastPoint.location_id == location_id)
        rows = (await uow.s.execute(query.order_by(ForecastPoint.location_id, ForecastPoint.period))).scalars()
        return [ForecastPointRead.model_validate(r) for r in rows]


async def _store(
    uow: UnitOfWork, run_id: str, rows: list[data.ForecastRow], chosen: dict[str, tuple[str, float]], frequency: str
) -> None:
    async with uow:
        values: list[dict[str, Any]] = []
        for r in rows:
            variant_id, location_id = r.series.split("|", 1)
            values.append({
                "tenant_id": uow.tenant_id, "run_id": run_id, "variant_id": variant_id, "location_id": location_id,
                "period": r.period, "forecast": r.forecast, "lo80": r.lo80, "hi80": r.hi80, "method": r.method,
                "error_sd": chosen[r.series][1], "frequency": frequency,
            })  # fmt: skip
        if values:
            await uow.s.execute(insert(ForecastPoint), values)
        await uow.commit()


async def _write(uow: UnitOfWork, run_id: str, **values: Any) -> None:
    async with uow:
        await uow.s.execute(
            update(ForecastRun).where(ForecastRun.tenant_id == uow.tenant_id, ForecastRun.id == run_id).values(**values)
        )
        await uow.commit()


def _count(chosen: dict[str, tuple[str, float]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for method, _ in chosen.values():
        counts[method] = counts.get(method, 0) + 1
    return counts
