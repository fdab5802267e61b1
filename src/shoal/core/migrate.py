"""Run Alembic from code (``shoal db upgrade``, tests, ``make run``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine

import shoal.migrations

MIGRATIONS_DIR = Path(shoal.migrations.__file__).parent


def alembic_config(database_url: str) -> Config:
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    if database_url.startswith("sqlite"):
        _ensure_sqlite_folder(database_url)
    command.upgrade(alembic_config(database_url), revision)


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Which revisions a database is at and how many tables it holds (Alembic's own not counted)."""

    revisions: frozenset[str]
    tables: int

    @property
    def empty(self) -> bool:
        return not self.revisions and self.tables == 0


def schema_state(database_url: str) -> SchemaState:
    """Read before and after an upgrade, so that ``shoal db upgrade`` says whether it created the schema,
    upgraded it or found it up to date."""
    if database_url.startswith("sqlite"):
        _ensure_sqlite_folder(database_url)

    async def read() -> SchemaState:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_state)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _state(connection: Connection) -> SchemaState:
    revisions = frozenset(MigrationContext.configure(connection).get_current_heads())
    tables = [name for name in inspect(connection).get_table_names() if name != "alembic_version"]
    return SchemaState(revisions=revisions, tables=len(tables))


def _ensure_sqlite_folder(database_url: str) -> None:
    path = database_url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
