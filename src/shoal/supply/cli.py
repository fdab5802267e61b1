"""``shoal forecast run|backtest``: forecasts from a history file, with a progress bar, and the backtest report;
``shoal supply simulate``: the forecast-driven reorder policy against a fixed min/max rule over such a history.

History ``series,date,quantity[,known inputs]``; future ``series,date[,known inputs]``; output
``series,date,forecast,lo80,hi80,method`` (``shoal.supply.forecasting.data``). No database is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from shoal.core.console import console, err
from shoal.core.errors import ShoalError
from shoal.supply import simulation
from shoal.supply.forecasting import data, engine, report

forecast_app = typer.Typer(help="Demand forecasts from files / 基于文件的需求预测", no_args_is_help=True)
supply_app = typer.Typer(help="Purchasing and replenishment / 采购与补货", no_args_is_help=True)
History = Annotated[Path, typer.Option(exists=True, dir_okay=False, help="series,date,quantity[,inputs] CSV")]
Horizon = Annotated[int, typer.Option(min=1, max=520, help="Periods to forecast / 预测期数")]
Season = Annotated[int, typer.Option(min=1, max=400, help="Periods in a season (52 weekly, 7 daily) / 季节长度")]
Windows = Annotated[int, typer.Option(min=1, max=10, help="Rolling backtest origins / 回测窗口数")]


@forecast_app.command("run")
def run(
    history: History,
    horizon: Horizon,
    output: Annotated[Path, typer.Option(dir_okay=False, help="Where to write the forecast CSV / 输出文件")],
    future: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="Known inputs ahead")] = None,
    season_length: Season = 52,
    windows: Windows = 3,
) -> None:
    """Forecast each series with the method its rolling backtest chose. / 按回测为每个序列选择方法并预测。"""
    try:
        series, inputs = data.read_history(history.read_text(encoding="utf-8"))
        ahead = data.read_future(future.read_text(encoding="utf-8"), inputs) if future else None
        if inputs and ahead is None:
            raise data.refuse(
                f"The history has known inputs ({', '.join(inputs)}): give their values ahead with --future.",
                f"历史文件含已知输入列（{'、'.join(inputs)}）：请用 --future 提供预测期的值。",
            )
        with _bar(len(series)) as progress:
            rows, chosen = engine.forecast(series, inputs, _options(horizon, season_length, windows), ahead, progress)
    except ShoalError as exc:
        _fail(exc)
    output.write_text(data.write_forecasts(rows), encoding="utf-8")
    methods: dict[str, int] = {}
    for method, _ in chosen.values():
        methods[method] = methods.get(method, 0) + 1
    console.print(f"[green]{len(rows)} rows[/green] → {output} / 已写入; methods chosen / 选用方法: {methods}")


@forecast_app.command("backtest")
def backtest(history: History, horizon: Horizon, season_length: Season = 52, windows: Windows = 3) -> None:
    """MASE, WAPE and bias per method against seasonal naive. / 各方法相对季节性朴素法的 MASE、WAPE 与偏差。"""
    try:
        series, inputs = data.read_history(history.read_text(encoding="utf-8"))
        with _bar(len(series)) as progress:
            errors = engine.backtest(series, inputs, _options(horizon, season_length, windows), progress)
    except ShoalError as exc:
        _fail(exc)
    rows, honest = report.scores(errors)
    table = Table(title=f"Backtest / 回测: {len(series)} series, horizon {horizon}")
    for column in ("method / 方法", "MASE", "WAPE", "bias / 偏差", "MASE ÷ seasonal naive"):
        table.add_column(column, justify="left" if column.startswith("method") else "right")
    for s in rows:
        table.add_row(s.method, f"{s.mase:.3f}", f"{s.wape:.1%}", f"{s.bias:+.1%}", f"{s.vs_baseline:.2f}")
    console.print(table)
    if not honest:
        console.print(
            "One window only: 'auto' was chosen on the window it is scored on. / 仅一个窗口：auto 为窗口内最优。"
        )


@supply_app.command("simulate")
def simulate(
    history: History,
    lead_time: Annotated[int, typer.Option(min=0, max=52, help="Periods before an order can be sold / 到货期数")] = 2,
    service_level: Annotated[float, typer.Option(min=0.51, max=0.999, help="Target service level / 服务水平")] = 0.95,
    warm_up: Annotated[int | None, typer.Option(min=1, help="Periods to learn from (default half) / 预热期数")] = None,
    refit: Annotated[int, typer.Option(min=1, max=52, help="Periods between forecasts / 重新预测间隔")] = 4,
    buffer: Annotated[float, typer.Option(min=0, max=52, help="Min/max rule: periods of buffer / 固定缓冲期数")] = 1.0,
    season_length: Season = 52,
    windows: Windows = 6,
) -> None:
    """Fill rate and average stock: forecast policy vs a fixed min/max rule. / 预测补货策略与固定最小/最大规则对比。"""
    settings = simulation.Settings(lead_time, service_level, warm_up, refit, buffer, season_length, windows)
    try:
        series, _ = data.read_history(history.read_text(encoding="utf-8"))
        with _bar(1, "simulating / 模拟中") as progress:
            results = simulation.run(series, settings, progress)
    except ShoalError as exc:
        _fail(exc)
    table = Table(title=f"Simulation / 补货模拟: lead time {lead_time}, service level {service_level:.0%}")
    for column in ("series / 序列", "policy / 策略", "fill rate / 满足率", "avg stock / 平均库存", "stockouts / 缺货期",
                   "orders / 订货次数"):  # fmt: skip
        table.add_column(column, justify="left" if column.startswith(("series", "policy")) else "right")
    for r in [*results, simulation.total(results)]:
        for name, o in (("forecast / 预测", r.policy), ("min/max / 固定", r.fixed)):
            table.add_row(r.series, name, f"{o.fill_rate:.1%}", f"{o.average_stock:,.0f}", str(o.stockouts),
                          str(o.orders))  # fmt: skip
    console.print(table)


def _options(horizon: int, season_length: int, windows: int) -> engine.Options:
    return engine.Options(horizon=horizon, season_length=season_length, windows=windows)


class _bar:
    """A Rich progress bar over the series, handed to the engine as its ``progress(done, total)``."""

    def __init__(self, total: int, label: str = "forecasting / 预测中") -> None:
        self.progress = Progress(console=console, transient=True)
        self.task = self.progress.add_task(label, total=total)

    def __enter__(self) -> engine.Progress:
        self.progress.start()
        return lambda done, total: self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _fail(exc: ShoalError) -> None:
    err.print(f"[red]{exc.code}[/red]: {exc.render('en')}\n{exc.render('zh-CN')}")
    raise typer.Exit(code=2)
