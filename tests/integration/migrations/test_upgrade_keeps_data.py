"""``shoal db upgrade`` on a database from an earlier revision keeps its data."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database

FIRST_RELEASE = "0001_core_identity"


async def _insert_tenant(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
                "VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', "
                "CURRENT_TIMESTAMP)"
            )
        )
    await engine.dispose()


async def _tenant_names(url: str) -> list[str]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        names = (await connection.execute(text("SELECT name FROM tenants"))).scalars().all()
    await engine.dispose()
    return list(names)


def _upgrade_in_steps(url: str) -> list[str]:
    upgrade(url, FIRST_RELEASE)
    asyncio.run(_insert_tenant(url))
    upgrade(url)
    return asyncio.run(_tenant_names(url))


def test_sqlite_upgrade_from_the_first_revision_keeps_tenants(tmp_path: Path) -> None:
    assert _upgrade_in_steps(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}") == ["Old shop"]


def test_postgres_upgrade_from_the_first_revision_keeps_tenants() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_upgrade_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        assert _upgrade_in_steps(url) == ["Old shop"]
    finally:
        drop_pg_database(PG_ADMIN_URL, name)


def test_upgrade_twice_is_a_no_op(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'twice.db'}"
    upgrade(url)
    upgrade(url)
