"""The file formats of ``shoal forecast``: history ``series,date,quantity[,known inputs...]``, the future
``series,date[,known inputs...]``, and the output ``series,date,forecast,lo80,hi80,method``.

Known inputs are any further numeric or boolean columns (``is_holiday``, ``on_promotion``); TRUE/FALSE, yes/no
and 1/0 read as 1 and 0. Pure Python: a bad file is refused with the row and column named before any model runs.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from shoal.supply.errors import ForecastInputInvalid

REQUIRED = ("series", "date", "quantity")
OUTPUT_COLUMNS = ("series", "date", "forecast", "lo80", "hi80", "method")
TRUE = {"true", "yes", "y", "t"}
FALSE = {"false", "no", "n", "f", ""}


@dataclass
class Series:
    """One series' history, oldest first, and its known inputs per date."""

    key: str
    dates: list[date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    inputs: list[dict[str, float]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ForecastRow:
    series: str
    period: date
    forecast: float
    lo80: float
    hi80: float
    method: str


def refuse(en: str, zh: str) -> ForecastInputInvalid:
    return ForecastInputInvalid(reason_en=en, reason_zh=zh)


def read_history(text: str) -> tuple[list[Series], list[str]]:
    """Series by key (in order of first appearance) and the names of the known-input columns."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise refuse(
            f"The history file lacks the column(s) {', '.join(missing)}.", f"历史文件缺少列：{'、'.join(missing)}。"
        )
    inputs = [c for c in columns if c not in REQUIRED]
    found: dict[str, Series] = {}
    for number, row in enumerate(reader, start=2):
        key = (row.get("series") or "").strip()
        item = found.setdefault(key, Series(key))
        item.dates.append(_date(row.get("date"), number))
        item.values.append(_number(row.get("quantity"), number, "quantity"))
        item.inputs.append({name: _flag(row.get(name), number, name) for name in inputs})
    for item in found.values():
        _check_order(item)
    if not found:
        raise refuse("The history file has no rows.", "历史文件没有数据行。")
    return list(found.values()), inputs


def read_future(text: str, inputs: list[str]) -> dict[str, dict[date, dict[str, float]]]:
    """Known inputs per series and date for the horizon; every input of the history must be there."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("series", "date", *inputs) if c not in columns]
    if missing:
        raise refuse(
            f"The future file lacks the column(s) {', '.join(missing)}.", f"未来文件缺少列：{'、'.join(missing)}。"
        )
    future: dict[str, dict[date, dict[str, float]]] = defaultdict(dict)
    for number, row in enumerate(reader, start=2):
        when = _date(row.get("date"), number)
        future[(row.get("series") or "").strip()][when] = {n: _flag(row.get(n), number, n) for n in inputs}
    return future


def write_forecasts(rows: list[ForecastRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for r in rows:
        writer.writerow(
            [r.series, r.period.isoformat(), f"{r.forecast:.2f}", f"{r.lo80:.2f}", f"{r.hi80:.2f}", r.method]
        )
    return out.getvalue()


def _date(raw: str | None, number: int) -> date:
    try:
        return date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        raise refuse(
            f"Row {number}: the date {raw!r} is not YYYY-MM-DD.", f"第 {number} 行：日期 {raw!r} 不是 YYYY-MM-DD 格式。"
        ) from None


def _number(raw: str | None, number: int, column: str) -> float:
    try:
        return float((raw or "").strip())
    except ValueError:
        raise refuse(
            f"Row {number}: {column} {raw!r} is not a number.", f"第 {number} 行：{column} 的值 {raw!r} 不是数字。"
        ) from None


def _flag(raw: str | None, number: int, column: str) -> float:
    text = (raw or "").strip().lower()
    if text in TRUE:
        return 1.0
    if text in FALSE or text == "na":
        return 0.0
    return _number(raw, number, column)


def _check_order(item: Series) -> None:
    """Dates strictly rising and evenly spaced: models read positions, not dates, so a gap would lie."""
    steps = {(b - a).days for a, b in zip(item.dates, item.dates[1:], strict=False)}
    if any(step <= 0 for step in steps) or len(steps) > 1:
        raise refuse(
            f"Series {item.key}: dates must rise by one fixed step (a week, a day) with no gaps; fill gaps with 0.",
            f"序列 {item.key}：日期须按固定间隔（周或日）递增且无缺口；缺的周期请填 0。",
        )
