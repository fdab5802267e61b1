"""``shoal import products``: a file into a shop, with a progress bar and a report of refused rows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from shoal.core.actors import SYSTEM
from shoal.core.console import console, run_with_db
from shoal.core.http import resolve_tenant
from shoal.core.uow import Database
from shoal.imports import formats
from shoal.imports.schemas import ImportReport, RowProblem
from shoal.imports.service import import_products


def products_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV file / CSV 文件")],
    tenant: Annotated[str, typer.Option(help="Tenant slug / 店铺标识")] = "demo",
    format: Annotated[str, typer.Option(help="auto, shopify, woocommerce or shoal")] = "auto",
    location: Annotated[str | None, typer.Option(help="Location code for stock counts / 库存地点编码")] = None,
) -> None:
    """Import products from a Shopify, WooCommerce or Shoal CSV. / 从 Shopify、WooCommerce 或 Shoal CSV 导入商品。"""
    raw = file.read_bytes()

    async def work(db: Database) -> ImportReport:
        text = formats.decode(raw)  # inside, so a file Shoal cannot read is reported like any domain error
        shop = await resolve_tenant(db, tenant)
        with Progress(console=console) as bar:
            task = bar.add_task(f"{file.name}", total=None)
            return await import_products(
                lambda: db.uow(tenant_id=shop.id, actor=SYSTEM), text=text, fmt=format, location_code=location,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )  # fmt: skip

    report = run_with_db(work)
    _print_report(console, report)
    if report.failed:
        raise typer.Exit(code=2)


def _print_report(console: Console, report: ImportReport) -> None:
    console.print(
        f"[green]{report.created} created[/green] / 新建, {report.updated} updated / 更新, "
        f"[red]{report.failed} failed[/red] / 失败 — {report.products} products, {report.variants} variants "
        f"({report.format})"
    )
    _print_rows(console, report.problems, "Refused rows (their products were skipped) / 被拒绝的行（对应商品未导入）")
    _print_rows(console, report.warnings, "Imported with changes / 已导入但有调整")
    if report.problems:
        console.print(
            "Fix these rows and import the file again; the others are already in. / 修正这些行后重新导入即可。"
        )


def _print_rows(console: Console, rows: list[RowProblem], title: str) -> None:
    if rows:
        table = Table("row / 行", "handle", "code", "reason / 原因", title=title)
        for problem in rows:
            table.add_row(str(problem.row), problem.handle, problem.code, f"{problem.message}\n{problem.message_zh}")
        console.print(table)
