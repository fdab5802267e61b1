"""``shoal import products``: the command a merchant runs, against a real (SQLite) database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shoal.config import get_settings
from shoal.core.uow import Database
from shoal.imports.cli import products_command
from tests.conftest import new_tenant
from tests.unit.imports.test_parsers import FIXTURE


@pytest.fixture
def shop(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SHOAL_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()

    async def make() -> str:
        db = Database(sqlite_url)
        try:
            return (await new_tenant(db, prefix="cli")).slug
        finally:
            await db.dispose()

    yield asyncio.run(make())
    get_settings.cache_clear()


def _run(*args: str):  # type: ignore[no-untyped-def]
    app = typer.Typer()
    app.command()(products_command)
    return CliRunner().invoke(app, list(args))


def test_the_command_imports_reports_refused_rows_and_exits_2(shop: str) -> None:
    result = _run(str(FIXTURE), "--tenant", shop)
    assert result.exit_code == 2, result.output
    assert "2 created" in result.output and "1 failed" in result.output
    assert "broken" in result.output and "invalid_amount" in result.output
    again = _run(str(FIXTURE), "--tenant", shop)
    assert "0 created" in again.output and "2 updated" in again.output


def test_a_gb18030_shoal_file_from_excel_imports(shop: str, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("handle,name_zh,sku,price\nwulong,乌龙茶,WL-1,66.00\n".encode("gb18030"))
    result = _run(str(path), "--tenant", shop)
    assert result.exit_code == 0, result.output
    assert "1 created" in result.output


def test_an_unreadable_file_is_a_clear_error(shop: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"a,b\n1,2\n")
    result = _run(str(path), "--tenant", shop)
    assert result.exit_code == 1
    assert "unknown_file_format" in result.output
