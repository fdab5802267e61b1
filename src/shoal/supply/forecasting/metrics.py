"""How good a forecast is, against the seasonal-naive baseline: MASE, WAPE and bias. Pure Python.

MASE divides the mean absolute error by the in-sample mean absolute error of the seasonal naive forecast
(same period last season) on the training history, so 1.0 means "no better than last year's figure".
WAPE is total absolute error over total actual demand; bias is total error over total actual (positive:
forecasts run high).
"""

from __future__ import annotations

from collections.abc import Sequence


def naive_scale(history: Sequence[float], season_length: int) -> float:
    """Mean absolute seasonal difference of the history (lag 1 when it is shorter than two seasons);
    1.0 for a flat history, so a perfect flat forecast scores 0 and never divides by zero."""
    lag = season_length if len(history) > season_length else 1
    diffs = [abs(history[i] - history[i - lag]) for i in range(lag, len(history))]
    scale = sum(diffs) / len(diffs) if diffs else 0.0
    return scale if scale > 0 else 1.0


def mase(actual: Sequence[float], forecast: Sequence[float], scale: float) -> float:
    errors = [abs(a - f) for a, f in zip(actual, forecast, strict=True)]
    return (sum(errors) / len(errors)) / scale if errors else 0.0


def wape(actual: Sequence[float], forecast: Sequence[float]) -> float:
    total = sum(abs(a) for a in actual)
    error = sum(abs(a - f) for a, f in zip(actual, forecast, strict=True))
    return error / total if total else (0.0 if error == 0 else float("inf"))


def bias(actual: Sequence[float], forecast: Sequence[float]) -> float:
    total = sum(abs(a) for a in actual)
    error = sum(f - a for a, f in zip(actual, forecast, strict=True))
    return error / total if total else 0.0


def spread(errors: Sequence[float]) -> float:
    """Root mean square of the backtest errors: the width behind intervals and safety stock."""
    return (sum(e * e for e in errors) / len(errors)) ** 0.5 if errors else 0.0
