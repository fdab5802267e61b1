"""``0020_location_hours`` adds opening hours to locations that already exist, keeping them, on both databases."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database

REVISION = "0020_location_hours"
TENANT = (
    "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
    "VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', CURRENT_TIMESTAMP)"
)
LOCATION = (
    "INSERT INTO inventory_locations (id, tenant_id, code, kind, name, name_translations, address, priority, active, "
    "sellable, pickup_enabled, created_at, updated_at) VALUES ('l-1', 't-old', 'ST-1', 'store', '西湖店', '{}', "
    '\'{"city": "杭州"}\', 100, true, true, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)'
)


async def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run ``statements`` in one transaction; the rows of the last one that returns rows."""
    engine = create_async_engine(url)
    rows: list[tuple[object, ...]] = []
    async with engine.begin() as connection:
        for statement in statements:
            result = await connection.execute(text(statement))
            if result.returns_rows:
                rows = [tuple(row) for row in result]
    await engine.dispose()
    return rows


def _upgrade_keeps_the_store(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    upgrade(url, "0003_inventory")
    asyncio.run(_execute(url, TENANT, LOCATION))
    upgrade(url, REVISION)
    read = "SELECT name, address, opening_hours FROM inventory_locations"
    before = asyncio.run(_execute(url, read))
    after = asyncio.run(_execute(url, "UPDATE inventory_locations SET opening_hours = '每天 10:00-22:00'", read))
    return before, after


def _expected(address: object) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    return [("西湖店", address, None)], [("西湖店", address, "每天 10:00-22:00")]


def test_sqlite_locations_keep_their_data_and_gain_hours(tmp_path: Path) -> None:
    before, after = _upgrade_keeps_the_store(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    assert (before, after) == _expected(before[0][1]) and "杭州" in str(before[0][1])


def test_postgres_locations_keep_their_data_and_gain_hours() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_hours_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        before, after = _upgrade_keeps_the_store(url)
        assert (before, after) == _expected(before[0][1]) and "杭州" in str(before[0][1])
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
