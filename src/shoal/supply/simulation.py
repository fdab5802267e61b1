"""``shoal supply simulate``: Shoal's forecast-driven reorder policy against a fixed min/max rule over a history.

The first ``warm_up`` periods of every series are what both policies may learn from; the rest is played period
by period (``rules_simulation``). The forecast policy: every ``refit`` periods the engine forecasts from the
history seen so far (method chosen by a rolling backtest of up to ``windows`` origins), and each period's reorder
point and order-up-to level come from ``rules_replenishment.levels_from_profile``: the forecast raised by its
backtest bias, safety stock from the spread of its summed error over the lead time. The min/max rule is fixed
from the warm-up's average demand. Both start at their own order-up-to level, so neither is flattered by the
starting stock.
"""

from __future__ import annotations

from dataclasses import dataclass

from shoal.supply import rules_replenishment, rules_simulation
from shoal.supply.forecasting import engine
from shoal.supply.forecasting.data import Series, refuse
from shoal.supply.rules_replenishment import Levels
from shoal.supply.rules_simulation import Outcome


@dataclass(frozen=True, slots=True)
class Settings:
    lead: int = 2
    service_level: float = 0.95
    warm_up: int | None = None
    refit: int = 4
    buffer: float = 1.0
    season_length: int = 52
    windows: int = 6


@dataclass(frozen=True, slots=True)
class Result:
    """Per series, the forecast policy's and the min/max rule's outcome over the simulated periods."""

    series: str
    policy: Outcome
    fixed: Outcome


def run(series: list[Series], settings: Settings, progress: engine.Progress | None = None) -> list[Result]:
    """Simulate every series; ``progress(done, total)`` counts the forecast refits (the slow part)."""
    if not series:
        raise refuse("The history file has no rows.", "历史文件没有数据行。")
    shortest = min(len(s.values) for s in series)
    warm_up = settings.warm_up or shortest // 2
    if not 0 < warm_up < shortest:
        raise refuse(
            f"The warm-up ({warm_up} periods) must be shorter than the shortest series ({shortest} periods).",
            f"预热期（{warm_up} 期）须短于最短的序列（{shortest} 期）。",
        )
    origins = list(range(warm_up, shortest, settings.refit))
    targets: dict[str, list[Levels]] = {s.key: [] for s in series}
    for done, origin in enumerate(origins, start=1):
        block = min(settings.refit, shortest - origin)
        for key, levels in _policy_levels(series, origin, block, settings).items():
            targets[key].extend(levels)
        if progress:
            progress(done, len(origins))
    results = []
    for s in series:
        demand = [rules_simulation.units(q) for q in s.values[warm_up:shortest]]
        fixed = rules_simulation.min_max(
            [rules_simulation.units(q) for q in s.values[:warm_up]], settings.lead, settings.buffer
        )
        results.append(
            Result(
                s.key,
                rules_simulation.simulate(demand, targets[s.key], settings.lead),
                rules_simulation.simulate(demand, [fixed] * len(demand), settings.lead),
            )
        )
    return results


def _policy_levels(series: list[Series], origin: int, block: int, settings: Settings) -> dict[str, list[Levels]]:
    """Forecast from the first ``origin`` periods, then the levels for the ``block`` periods reviewed on it: the
    review at the end of period ``origin + i`` plans for the periods from ``origin + i + 1`` on."""
    seen = [Series(s.key, s.dates[:origin], s.values[:origin], [{} for _ in range(origin)]) for s in series]
    horizon = block + settings.lead + 1
    options = engine.Options(horizon=horizon, season_length=settings.season_length, windows=settings.windows)
    errors = engine.backtest(seen, [], options)
    rows, chosen = engine.forecast(seen, [], options, errors=errors)
    forecasts: dict[str, list[float]] = {}
    for row in rows:
        forecasts.setdefault(row.series, []).append(row.forecast)
    levels: dict[str, list[Levels]] = {}
    for key, values in forecasts.items():
        profile = rules_replenishment.error_profile(errors.pairs[key][chosen[key][0]], settings.lead)
        levels[key] = [
            rules_replenishment.levels_from_profile(values[i + 1 :], profile, settings.lead, settings.service_level)
            for i in range(block)
        ]
    return levels


def total(results: list[Result]) -> Result:
    policy, fixed = rules_simulation.NOTHING, rules_simulation.NOTHING
    for r in results:
        policy, fixed = policy + r.policy, fixed + r.fixed
    return Result("all / 合计", policy, fixed)
