"""The backtest report: per method and for the per-series choice (``auto``), MASE, WAPE and bias, and MASE
relative to seasonal naive (below 1.0: better than last season's figure). Pure Python.

``auto`` is scored honestly: in each window it uses the method that did best in the windows *before* it, so
the choice never sees the figures it is judged on; the methods are scored on those same windows. With a single
window there is nothing before it, and ``auto`` is the in-window best (said in the report's note).
"""

from __future__ import annotations

from dataclasses import dataclass

from shoal.supply.forecasting import metrics
from shoal.supply.forecasting.engine import BASELINE, Errors

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class Score:
    method: str
    mase: float
    wape: float
    bias: float
    vs_baseline: float


def scores(errors: Errors) -> tuple[list[Score], bool]:
    """Scores of every method and of ``auto``, best MASE first; and whether ``auto`` was chosen out of sample."""
    keys = sorted(errors.pairs)
    window_count = min(len(errors.pairs[k][BASELINE]) for k in keys)
    judged = range(1, window_count) if window_count > 1 else range(window_count)
    methods = sorted(errors.pairs[keys[0]])
    picked: dict[str, dict[str, list[tuple[float, float]]]] = {m: {} for m in [*methods, AUTO]}
    for key in keys:
        for method in methods:
            picked[method][key] = [p for w in judged for p in errors.pairs[key][method][w]]
        picked[AUTO][key] = [
            p for w in judged for p in errors.pairs[key][errors.best(key, range(w) if w else judged)][w]
        ]
    raw = {method: _score(method, per_series, errors.scales) for method, per_series in picked.items()}
    base = raw[BASELINE].mase or 1.0
    result = [Score(s.method, s.mase, s.wape, s.bias, s.mase / base) for s in raw.values()]
    return sorted(result, key=lambda s: (s.mase, s.method)), window_count > 1


def _score(method: str, per_series: dict[str, list[tuple[float, float]]], scales: dict[str, float]) -> Score:
    actual = [a for pairs in per_series.values() for a, _ in pairs]
    forecast = [f for pairs in per_series.values() for _, f in pairs]
    mases = [
        metrics.mase([a for a, _ in pairs], [f for _, f in pairs], scales[key]) for key, pairs in per_series.items()
    ]
    return Score(method, sum(mases) / len(mases), metrics.wape(actual, forecast), metrics.bias(actual, forecast), 1.0)
