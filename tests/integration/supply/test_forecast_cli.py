"""``shoal forecast run|backtest`` on a small slice of the real Walmart sales (tests/fixtures/forecast), with
statsforecast: the output file's shape, the held-back weeks inside the intervals, and the report's methods."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shoal.cli import app

pytest.importorskip("statsforecast", reason="the forecast extra: pip install 'shoal[forecast]'")
FIXTURES = Path(__file__).parents[2] / "fixtures" / "forecast"
HISTORY = FIXTURES / "walmart_2_series_40_weeks.csv"
ARGS = ["--horizon", "4", "--season-length", "13", "--windows", "2"]


def test_run_writes_forecasts_with_intervals_and_methods(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    future = FIXTURES / "walmart_2_series_future.csv"
    result = CliRunner().invoke(app, ["forecast", "run", "--history", str(HISTORY), "--future", str(future),
                                      "--output", str(out), *ARGS])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["series", "date", "forecast", "lo80", "hi80", "method"]
    weeks = ("2012-04-06", "2012-04-13", "2012-04-20", "2012-04-27")
    assert [(r["series"], r["date"]) for r in rows[:4]] == [("1_1", d) for d in weeks]
    assert all(0 <= float(r["lo80"]) <= float(r["forecast"]) <= float(r["hi80"]) for r in rows)
    assert {r["method"] for r in rows} <= {"seasonal_naive", "auto_ets", "auto_theta", "croston_sba", "tsb",
                                           "arima_inputs"}  # fmt: skip
    held = {
        (r["series"], r["date"]): float(r["quantity"])
        for r in csv.DictReader((FIXTURES / "walmart_2_series_holdout.csv").open())
    }
    inside = sum(float(r["lo80"]) <= held[(r["series"], r["date"])] <= float(r["hi80"]) for r in rows)
    assert inside >= 4  # of 8 held-back weeks (Easter falls in them): the intervals are not decoration


def test_known_inputs_without_a_future_file_are_refused_in_both_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["forecast", "run", "--history", str(HISTORY), "--output", str(tmp_path / "o"),
                                      *ARGS])  # fmt: skip
    assert result.exit_code == 2 and "--future" in result.output and "已知输入" in result.output


def test_backtest_prints_every_method_against_seasonal_naive() -> None:
    result = CliRunner().invoke(app, ["forecast", "backtest", "--history", str(HISTORY), *ARGS])
    assert result.exit_code == 0, result.output
    for method in ("seasonal_naive", "auto_ets", "auto_theta", "croston_sba", "tsb", "arima_inputs", "auto"):
        assert method in result.output
    assert "1.00" in result.output  # seasonal naive against itself
