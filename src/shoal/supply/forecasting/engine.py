"""Forecasts with statsforecast (``shoal[forecast]``): candidate methods cross-validated by rolling origin, the
best chosen per series, and intervals from the chosen method's own backtest errors.

Candidates: seasonal naive (the baseline), AutoETS, AutoTheta, Croston SBA and TSB (intermittent demand, slow
movers), and when the history carries known inputs (holidays, promotions) an ARIMA that uses them. Each is
forecast from several origins ``horizon`` apart (``windows``); the method with the lowest mean absolute error
over those windows forecasts the series. The 80% interval is the forecast ± 1.2816 × the root mean square of
that method's backtest errors (never below zero): the same spread replenishment turns into safety stock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shoal.supply.errors import ForecastUnavailable
from shoal.supply.forecasting import metrics
from shoal.supply.forecasting.data import ForecastRow, Series, refuse

Z80 = 1.2816
BASELINE = "seasonal_naive"
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Options:
    horizon: int
    season_length: int = 52
    windows: int = 3


@dataclass
class Errors:
    """Backtest of every candidate: per series, per method, per window (actual, forecast) pairs."""

    pairs: dict[str, dict[str, list[list[tuple[float, float]]]]] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)

    def mean_abs(self, key: str, method: str, windows: range) -> float:
        errs = [abs(a - f) for w in windows for a, f in self.pairs[key][method][w]]
        return sum(errs) / len(errs) if errs else float("inf")

    def best(self, key: str, windows: range) -> str:
        methods = sorted(self.pairs[key], key=lambda m: (self.mean_abs(key, m, windows), m != BASELINE, m))
        return methods[0]


def library() -> tuple[Any, Any, Any]:
    """pandas, statsforecast's ``StatsForecast`` and its models, or ``forecast_unavailable`` saying what to install."""
    try:
        import pandas
        from statsforecast import StatsForecast, models
    except ImportError as exc:
        raise ForecastUnavailable() from exc
    return pandas, StatsForecast, models


def candidates(models: Any, season_length: int, with_inputs: bool) -> list[Any]:
    chosen = [
        models.SeasonalNaive(season_length=season_length, alias=BASELINE),
        models.AutoETS(season_length=min(season_length, 24), alias="auto_ets"),
        models.AutoTheta(season_length=season_length, alias="auto_theta"),
        models.CrostonSBA(alias="croston_sba"),
        models.TSB(alpha_d=0.2, alpha_p=0.2, alias="tsb"),
    ]
    if with_inputs:
        chosen.append(models.AutoARIMA(season_length=1, alias="arima_inputs"))
    return chosen


def backtest(series: list[Series], inputs: list[str], options: Options, progress: Progress | None = None) -> Errors:
    """Cross-validate every candidate on every series (grouped by length: one model call per group)."""
    pandas, stats_forecast, models = library()
    errors = Errors()
    groups = _by_length(series, options.horizon)
    done = 0
    for length, group in sorted(groups.items()):
        season = _season(length, options)
        windows = max(1, min(options.windows, (length - season - 1) // options.horizon))
        engine = stats_forecast(models=candidates(models, season, bool(inputs)), freq=_freq(group[0]), n_jobs=1)
        table = engine.cross_validation(
            h=options.horizon, df=_frame(pandas, group, inputs), n_windows=windows, step_size=options.horizon
        )
        _collect(errors, table, group, season, options.horizon)
        done += len(group)
        if progress:
            progress(done, len(series))
    return errors


def forecast(
    series: list[Series],
    inputs: list[str],
    options: Options,
    future: dict[str, dict[date, dict[str, float]]] | None = None,
    progress: Progress | None = None,
    errors: Errors | None = None,
) -> tuple[list[ForecastRow], dict[str, tuple[str, float]]]:
    """Forecast rows for every series, and per series the method chosen and its error spread; ``errors`` is the
    backtest of these series and options when the caller has run it already (and wants its windows too)."""
    pandas, stats_forecast, models = library()
    errors = errors or backtest(series, inputs, options, progress)
    chosen: dict[str, tuple[str, float]] = {}
    rows: list[ForecastRow] = []
    for length, group in sorted(_by_length(series, options.horizon).items()):
        season = _season(length, options)
        engine = stats_forecast(models=candidates(models, season, bool(inputs)), freq=_freq(group[0]), n_jobs=1)
        x_future = _future_frame(pandas, group, inputs, future or {}, options.horizon) if inputs else None
        table = engine.forecast(h=options.horizon, df=_frame(pandas, group, inputs), X_df=x_future)
        for item in group:
            windows = range(len(errors.pairs[item.key][BASELINE]))
            method = errors.best(item.key, windows)
            residuals = [a - f for w in windows for a, f in errors.pairs[item.key][method][w]]
            sd = metrics.spread(residuals)
            chosen[item.key] = (method, sd)
            mine = table[table["unique_id"] == item.key]
            for when, value in zip(mine["ds"], mine[method], strict=True):
                point = max(float(value), 0.0)
                rows.append(
                    ForecastRow(item.key, when.date(), point, max(point - Z80 * sd, 0.0), point + Z80 * sd, method)
                )
    return rows, chosen


def _by_length(series: list[Series], horizon: int) -> dict[int, list[Series]]:
    groups: dict[int, list[Series]] = defaultdict(list)
    for item in series:
        if len(item.values) < horizon + 3:
            raise refuse(
                f"Series {item.key} has {len(item.values)} periods; at least horizon + 3 ({horizon + 3}) are needed.",
                f"序列 {item.key} 只有 {len(item.values)} 期数据，至少需要预测期数 + 3（{horizon + 3}）期。",
            )
        groups[len(item.values)].append(item)
    return groups


def _season(length: int, options: Options) -> int:
    """The season length if the history holds a full season before the first backtest origin, else 1."""
    return options.season_length if length - options.horizon > options.season_length else 1


def _freq(item: Series) -> Any:
    from pandas.tseries.frequencies import to_offset

    return to_offset(f"{(item.dates[1] - item.dates[0]).days}D")


def _frame(pandas: Any, group: list[Series], inputs: list[str]) -> Any:
    rows = [
        {"unique_id": s.key, "ds": pandas.Timestamp(d), "y": v, **x}
        for s in group
        for d, v, x in zip(s.dates, s.values, s.inputs, strict=True)
    ]
    return pandas.DataFrame(rows, columns=["unique_id", "ds", "y", *inputs])


def _future_frame(
    pandas: Any, group: list[Series], inputs: list[str], future: dict[str, dict[date, dict[str, float]]], horizon: int
) -> Any:
    """Known inputs for the horizon; a date the future file lacks is refused (a model cannot guess a holiday)."""
    rows = []
    for s in group:
        step = s.dates[1] - s.dates[0]
        for k in range(1, horizon + 1):
            when = s.dates[-1] + step * k
            known = future.get(s.key, {}).get(when)
            if known is None:
                raise refuse(
                    f"The future file has no row for series {s.key} on {when}.",
                    f"未来文件缺少序列 {s.key} 在 {when} 的行。",
                )
            rows.append({"unique_id": s.key, "ds": pandas.Timestamp(when), **known})
    return pandas.DataFrame(rows, columns=["unique_id", "ds", *inputs])


def _collect(errors: Errors, table: Any, group: list[Series], season: int, horizon: int) -> None:
    methods = [c for c in table.columns if c not in ("unique_id", "ds", "cutoff", "y")]
    for item in group:
        mine = table[table["unique_id"] == item.key]
        cutoffs = sorted(mine["cutoff"].unique())
        first = cutoffs[0].date() if hasattr(cutoffs[0], "date") else cutoffs[0]
        errors.scales[item.key] = metrics.naive_scale([v for d, v in zip(item.dates, item.values, strict=True)
                                                        if d <= first], season)  # fmt: skip
        errors.pairs[item.key] = {
            method: [
                [(float(a), max(float(f), 0.0)) for a, f in zip(w["y"], w[method], strict=True)]
                for w in (mine[mine["cutoff"] == c] for c in cutoffs)
            ]
            for method in methods
        }
