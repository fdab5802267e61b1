"""The forecast file formats and metrics, pure: refusals name the row, metrics match hand-worked figures."""

from __future__ import annotations

from datetime import date

import pytest

from shoal.supply.errors import ForecastInputInvalid
from shoal.supply.forecasting import data, metrics


def test_history_reads_series_and_known_inputs_and_refuses_gaps() -> None:
    series, inputs = data.read_history(
        "\ufeffseries,date,quantity,is_holiday\na,2024-01-05,3,TRUE\na,2024-01-12,4,FALSE\nb,2024-01-05,0,no\n"
    )
    assert inputs == ["is_holiday"]
    assert [(s.key, s.values, [x["is_holiday"] for x in s.inputs]) for s in series] == [
        ("a", [3.0, 4.0], [1.0, 0.0]),
        ("b", [0.0], [0.0]),
    ]
    with pytest.raises(ForecastInputInvalid) as gap:
        data.read_history("series,date,quantity\na,2024-01-05,1\na,2024-01-12,1\na,2024-01-26,1\n")
    assert "fill gaps with 0" in gap.value.render("en") and "缺口" in gap.value.render("zh-CN")
    with pytest.raises(ForecastInputInvalid) as bad:
        data.read_history("series,date,quantity\na,2024-01-05,lots\n")
    assert bad.value.render("en").startswith("Row 2:")
    with pytest.raises(ForecastInputInvalid):
        data.read_history("series,day,quantity\n")


def test_output_has_the_documented_columns() -> None:
    text = data.write_forecasts([data.ForecastRow("a", date(2024, 2, 2), 5.123, 1.0, 9.5, "auto_ets")])
    assert text == "series,date,forecast,lo80,hi80,method\na,2024-02-02,5.12,1.00,9.50,auto_ets\n"


def test_metrics_by_hand() -> None:
    history = [10, 20, 10, 20, 12, 22]
    assert metrics.naive_scale(history, 2) == pytest.approx(1.0)  # |12-10|, |22-20| over the seasonal lag 2
    assert metrics.naive_scale([5, 5, 5], 52) == 1.0  # flat and short: no division by zero
    assert metrics.mase([10, 20], [12, 18], 2.0) == pytest.approx(1.0)
    assert metrics.wape([10, 30], [12, 27]) == pytest.approx(5 / 40)
    assert metrics.bias([10, 30], [12, 27]) == pytest.approx(-1 / 40)
    assert metrics.spread([3, -4]) == pytest.approx((12.5) ** 0.5)
