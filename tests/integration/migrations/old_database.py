"""What the upgrade tests share: a shop's row written with plain SQL into a database at an old revision, and a
way to run statements there, since the models describe only the newest schema."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import upgrade

NOW = "CURRENT_TIMESTAMP"
TENANT = (
    "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
    f"VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', {NOW})"
)

Rows = list[tuple[object, ...]]


def execute(url: str, *statements: str, params: Mapping[str, object] | None = None) -> Rows:
    """Run ``statements`` in one transaction; the rows of the last one that returns rows."""

    async def run() -> Rows:
        engine = create_async_engine(url)
        rows: Rows = []
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    result = await connection.execute(text(statement), dict(params or {}))
                    if result.returns_rows:
                        rows = [tuple(row) for row in result]
        finally:
            await engine.dispose()
        return rows

    return asyncio.run(run())


def upgrade_holding(url: str, *, before: str, rows: list[str] | tuple[str, ...], revision: str) -> None:
    """Bring an empty database to ``before``, write ``rows`` there, then upgrade it to ``revision``."""
    upgrade(url, before)
    execute(url, *rows)
    upgrade(url, revision)
