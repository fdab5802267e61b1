"""``shoal supply simulate`` on a small slice of the real Walmart sales: both policies play the same demand, the
table shows fill rate and average stock per series and in all, and a warm-up as long as the history is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shoal.cli import app
from shoal.core.console import console as shared_console
from shoal.supply import simulation
from shoal.supply.forecasting import data

pytest.importorskip("statsforecast", reason="the forecast extra: pip install 'shoal[forecast]'")
HISTORY = Path(__file__).parents[2] / "fixtures" / "forecast" / "walmart_2_series_40_weeks.csv"
ARGS = ["--season-length", "13", "--warm-up", "28", "--refit", "6", "--lead-time", "1"]


def test_prints_fill_rate_and_stock_for_both_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_console, "width", 160)  # made at import: COLUMNS set now would come too late
    result = CliRunner().invoke(app, ["supply", "simulate", "--history", str(HISTORY), *ARGS])
    assert result.exit_code == 0, result.output
    for text in ("1_1", "1_95", "all / 合计", "forecast / 预测", "min/max / 固定", "fill rate", "avg stock", "%"):
        assert text in result.output


def test_both_policies_face_the_same_twelve_weeks() -> None:
    series, _ = data.read_history(HISTORY.read_text())
    settings = simulation.Settings(lead=1, warm_up=28, refit=6, season_length=13)
    results = simulation.run(series, settings)
    assert [r.series for r in results] == ["1_1", "1_95"]
    for r in results:
        assert r.policy.periods == r.fixed.periods == 12
        assert r.policy.demand == r.fixed.demand == sum(round(q) for q in next(
            s for s in series if s.key == r.series).values[28:40])  # fmt: skip
        assert 0 < r.policy.fill_rate <= 1 and r.policy.orders > 0
    everything = simulation.total(results)
    assert everything.policy.demand == sum(r.policy.demand for r in results)


def test_a_warm_up_as_long_as_the_history_is_refused_in_both_languages() -> None:
    result = CliRunner().invoke(app, ["supply", "simulate", "--history", str(HISTORY), "--warm-up", "40"])
    assert result.exit_code == 2
    assert "warm-up" in result.output and "预热期" in result.output
