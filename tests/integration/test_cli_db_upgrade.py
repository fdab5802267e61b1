"""``shoal db upgrade`` says what it did: created the schema of an empty database (and how many tables),
upgraded one at an older revision, or found it up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shoal.cli import app
from shoal.config import get_settings
from shoal.core.migrate import upgrade


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh' / 'shoal.db'}"
    monkeypatch.setenv("SHOAL_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _upgrade() -> str:
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_an_empty_database_gets_the_schema_created(database: str) -> None:
    created = _upgrade()
    assert "Created the schema (" in created and "已创建数据库结构" in created
    tables = int(created.split("Created the schema (")[1].split(" ")[0])
    assert tables > 50
    again = _upgrade()
    assert "Schema is up to date" in again and "Created" not in again and "Upgraded" not in again


def test_an_older_schema_is_upgraded(database: str) -> None:
    upgrade(database, "0002_catalog")
    upgraded = _upgrade()
    assert "Upgraded the schema" in upgraded and "已升级数据库结构" in upgraded and "Created" not in upgraded
