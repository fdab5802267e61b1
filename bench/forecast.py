"""Forecast benchmark on the real Walmart weekly sales (../shared/data/walmart-weekly-sales): hold back the last
HOLDOUT weeks, forecast them from the rest with every candidate method and with Shoal's per-series choice
(rolling-origin backtest), and print MASE, WAPE and bias per method on the held-back tail, and the wall time.

    .venv/bin/python bench/forecast.py [--holdout 26] [--season-length 52]

Needs the forecast extra (pip install 'shoal[forecast]'). Not a test: it takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from shoal.supply.forecasting import data, engine, metrics

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "walmart-weekly-sales"


def load() -> tuple[list[data.Series], list[str]]:
    """The Walmart file in ``shoal forecast``'s format: series = id, date = Date, quantity = Weekly_Sales,
    is_holiday = IsHoliday."""
    source = next(DATA.glob("walmart_sales_weekly_*.csv"))
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    text = "series,date,quantity,is_holiday\n" + "".join(
        f"{r['id']},{r['Date']},{r['Weekly_Sales']},{r['IsHoliday']}\n" for r in rows
    )
    return data.read_history(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holdout", type=int, default=26)
    parser.add_argument("--season-length", type=int, default=52)
    args = parser.parse_args()
    series, inputs = load()
    train = [_head(s, len(s.values) - args.holdout) for s in series]
    future = {s.key: dict(zip(s.dates[-args.holdout :], s.inputs[-args.holdout :], strict=True)) for s in series}
    options = engine.Options(horizon=args.holdout, season_length=args.season_length, windows=3)
    started = time.perf_counter()
    chosen_rows, chosen = engine.forecast(train, inputs, options, future)
    every = _every_method(train, inputs, options, future)
    elapsed = time.perf_counter() - started
    every["shoal (chosen per series)"] = {(r.series, r.period): r.forecast for r in chosen_rows}
    print(f"{len(series)} series, {args.holdout} weeks held back, season {args.season_length}; chosen: "
          f"{ {k: m for k, (m, _) in sorted(chosen.items())} }")  # fmt: skip
    print(f"{'method':28} {'MASE':>7} {'WAPE':>7} {'bias':>7}")
    for method, predictions in sorted(every.items(), key=lambda kv: _mase(series, train, kv[1], args)):
        actual, predicted = _pairs(series, predictions, args.holdout)
        print(f"{method:28} {_mase(series, train, predictions, args):7.3f} {metrics.wape(actual, predicted):7.1%} "
              f"{metrics.bias(actual, predicted):+7.1%}")  # fmt: skip
    print(f"wall time {elapsed:.1f} s")


def _head(s: data.Series, n: int) -> data.Series:
    return data.Series(s.key, s.dates[:n], s.values[:n], s.inputs[:n])


def _every_method(train, inputs, options, future):  # type: ignore[no-untyped-def]
    pandas, stats_forecast, models = engine.library()
    group = train
    season = engine._season(len(train[0].values) + options.horizon, options)
    forecaster = stats_forecast(models=engine.candidates(models, season, bool(inputs)), freq=engine._freq(group[0]))
    x_future = engine._future_frame(pandas, group, inputs, future, options.horizon)
    table = forecaster.forecast(h=options.horizon, df=engine._frame(pandas, group, inputs), X_df=x_future)
    methods = [c for c in table.columns if c not in ("unique_id", "ds")]
    return {
        m: {
            (u, d.date()): max(float(v), 0.0) for u, d, v in zip(table["unique_id"], table["ds"], table[m], strict=True)
        }
        for m in methods
    }


def _pairs(series, predictions, holdout):  # type: ignore[no-untyped-def]
    actual, predicted = [], []
    for s in series:
        for d, v in zip(s.dates[-holdout:], s.values[-holdout:], strict=True):
            actual.append(v)
            predicted.append(predictions[(s.key, d)])
    return actual, predicted


def _mase(series, train, predictions, args) -> float:  # type: ignore[no-untyped-def]
    scores = []
    for s, t in zip(series, train, strict=True):
        actual = s.values[-args.holdout :]
        predicted = [predictions[(s.key, d)] for d in s.dates[-args.holdout :]]
        scores.append(metrics.mase(actual, predicted, metrics.naive_scale(t.values, args.season_length)))
    return sum(scores) / len(scores)


if __name__ == "__main__":
    main()
