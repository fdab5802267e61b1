"""Forecasts of the shop's own paid orders, per SKU × location and week, computed by a background job.

Starting a run checks the forecasting libraries first (503 ``forecast_unavailable`` naming the extra) and answers
at once with the run; the job reads paid units from orders (``orders.service_demand``), buckets them into weeks,
runs the engine in a worker thread (it is CPU work), writes progress to the run, and stores every point with its
80% interval, the method chosen and the spread of its backtest errors (replenishment's safety stock).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select, update

from shoal.core.actors import Actor
from shoal.core.errors import NotFound, ShoalError
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.core.uow import Database, UnitOfWork
from shoal.orders.service_demand import daily_paid_units
from shoal.supply.forecasting import data, engine
from shoal.supply.models import ForecastPoint, ForecastRun
from shoal.supply.rules_demand import weekly_series
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
    """Forecast every SKU × location with paid history, then mark the run done (or failed, saying why)."""

    def new_uow() -> UnitOfWork:
        return db.uow(tenant_id=tenant_id, actor=actor)

    try:
        run = await get_run(new_uow(), run_id=run_id)
        now = db.clock.now()
        daily = await daily_paid_units(new_uow(), since=now - timedelta(weeks=HISTORY_WEEKS))
        series = [
            data.Series(f"{variant}|{location}", [w for w, _ in weeks], [v for _, v in weeks], [{} for _ in weeks])
            for (variant, location), weeks in weekly_series(daily, min((d for *_, d in daily), default=now.date()),
                                                            now.date() - timedelta(days=now.weekday() + 1)).items()
            if len(weeks) >= run.horizon + 3
        ]  # fmt: skip
        await _write(new_uow(), run_id, total=len(series))
        options = engine.Options(horizon=run.horizon, season_length=season_length)
        rows, chosen = await asyncio.to_thread(engine.forecast, series, [], options) if series else ([], {})
        await _store(new_uow(), run_id, rows, chosen)
        report = {"series": len(series), "methods": _count(chosen)}
        await _write(new_uow(), run_id, status="done", done=len(series), report=report, finished_at=db.clock.now())
    except ShoalError as exc:
        error = {locale: exc.render(locale) for locale in SUPPORTED_LOCALES}
        await _write(new_uow(), run_id, status="failed", error=error, finished_at=db.clock.now())
    except Exception:
        log.exception("forecast run %s failed", run_id)
        error = {"en": "The forecast stopped on an internal error; try again.", "zh-CN": "预测因内部错误中断，请重试。"}
        await _write(new_uow(), run_id, status="failed", error=error, finished_at=db.clock.now())


async def latest_series(uow: UnitOfWork) -> dict[tuple[str, str], tuple[list[float], float, str]]:
    """Per (variant, location) of the latest finished run: its forecasts in period order, error spread and method."""
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
        for r in rows:
            values, _, _ = found.setdefault((r.variant_id, r.location_id), ([], r.error_sd, r.method))
            values.append(r.forecast)
        return found


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
    uow: UnitOfWork, run_id: str, rows: list[data.ForecastRow], chosen: dict[str, tuple[str, float]]
) -> None:
    async with uow:
        values: list[dict[str, Any]] = []
        for r in rows:
            variant_id, location_id = r.series.split("|", 1)
            values.append({
                "tenant_id": uow.tenant_id, "run_id": run_id, "variant_id": variant_id, "location_id": location_id,
                "period": r.period, "forecast": r.forecast, "lo80": r.lo80, "hi80": r.hi80, "method": r.method,
                "error_sd": chosen[r.series][1],
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
