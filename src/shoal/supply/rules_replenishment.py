"""Replenishment rules: reorder point and order-up-to level from a forecast, a lead time and a service level, and
the quantity to order within a supplier's MOQ and pack size. Pure (``statistics.NormalDist`` only).

A periodic review (every ``review`` periods) with lead time ``L``: the reorder point is the forecast demand over
``L`` plus safety stock ``z × σ × √L``, the order-up-to level the forecast over ``L + review`` plus ``z × σ ×
√(L + review)``, where σ is the spread of the forecast's own backtest errors per period (not a fixed buffer) and
``z`` the normal quantile of the target service level (95% → 1.645).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True, slots=True)
class Levels:
    reorder_point: int
    order_up_to: int
    safety_stock: int


def z_score(service_level: float) -> float:
    """The normal quantile of the service level (the chance a cycle does not run out), 0.5 < level < 1."""
    return NormalDist().inv_cdf(service_level)


def demand_over(forecast: Sequence[float], periods: float) -> float:
    """Forecast demand over the next ``periods`` (fractions allowed), the last value repeated past the horizon."""
    if not forecast:
        return 0.0
    whole = int(periods)
    values = [forecast[min(i, len(forecast) - 1)] for i in range(whole)]
    fraction = periods - whole
    return sum(values) + fraction * forecast[min(whole, len(forecast) - 1)]


def levels(
    forecast: Sequence[float], error_sd: float, lead_periods: float, service_level: float, review: float = 1.0
) -> Levels:
    z = z_score(service_level)
    safety = z * error_sd * math.sqrt(lead_periods) if lead_periods > 0 else 0.0
    safety_up_to = z * error_sd * math.sqrt(lead_periods + review)
    reorder = demand_over(forecast, lead_periods) + safety
    up_to = demand_over(forecast, lead_periods + review) + safety_up_to
    return Levels(math.ceil(reorder), max(math.ceil(up_to), math.ceil(reorder)), math.ceil(safety))


def order_quantity(position: int, target: Levels, moq: int = 1, pack_size: int = 1) -> int:
    """Units to order when the stock position (on hand − reserved + on order) is at or below the reorder point:
    up to the order-up-to level, at least the MOQ, in whole packs; 0 above the reorder point."""
    if position > target.reorder_point:
        return 0
    wanted = max(target.order_up_to - position, moq, 1)
    return math.ceil(wanted / pack_size) * pack_size


@dataclass(frozen=True, slots=True)
class ErrorProfile:
    """What the backtest says about a forecast over the periods that matter to an order.

    ``bias`` is the mean error per period (actual − forecast): a forecast that runs low by it is raised by it.
    ``lead_sd`` and ``cover_sd`` are the spreads of the summed error over ``lead`` and ``lead + review``
    consecutive periods, measured on every such stretch of every backtest window (not one period's spread × √L,
    which assumes errors independent from week to week: a forecast that misses a level misses it every week)."""

    bias: float
    lead_sd: float
    cover_sd: float


def error_profile(windows: Sequence[Sequence[tuple[float, float]]], lead: int, review: int = 1) -> ErrorProfile:
    """From backtest windows of (actual, forecast) pairs, in horizon order."""
    errors = [a - f for w in windows for a, f in w]
    bias = sum(errors) / len(errors) if errors else 0.0
    return ErrorProfile(bias, _summed_spread(windows, lead, bias), _summed_spread(windows, lead + review, bias))


def _summed_spread(windows: Sequence[Sequence[tuple[float, float]]], periods: int, bias: float) -> float:
    """Root mean square of the bias-corrected error summed over ``periods`` consecutive periods; a window shorter
    than that contributes its whole stretch scaled up by √(periods ÷ its length)."""
    if periods <= 0:
        return 0.0
    squares = []
    for w in windows:
        residuals = [a - f - bias for a, f in w]
        span = min(periods, len(residuals))
        if not span:
            continue
        scale = math.sqrt(periods / span)
        squares += [(scale * sum(residuals[i : i + span])) ** 2 for i in range(len(residuals) - span + 1)]
    return math.sqrt(sum(squares) / len(squares)) if squares else 0.0


def levels_from_profile(
    forecast: Sequence[float], profile: ErrorProfile, lead_periods: int, service_level: float, review: int = 1
) -> Levels:
    """Levels from a bias-corrected forecast and the measured spread over the lead time (and lead time + review)."""
    z = z_score(service_level)
    corrected = [max(f + profile.bias, 0.0) for f in forecast]
    safety = z * profile.lead_sd if lead_periods > 0 else 0.0
    reorder = demand_over(corrected, lead_periods) + safety
    up_to = demand_over(corrected, lead_periods + review) + z * profile.cover_sd
    return Levels(math.ceil(reorder), max(math.ceil(up_to), math.ceil(reorder)), math.ceil(safety))
