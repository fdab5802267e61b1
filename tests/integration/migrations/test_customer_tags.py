"""``0027_customer_tags`` gives members that already exist an empty tag list, keeping their data, on both databases."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.integration.migrations.test_location_hours import TENANT, _execute
from tests.schema import drop_pg_database, make_pg_database

REVISION = "0027_customer_tags"
MEMBER = (
    "INSERT INTO customers_customers (id, tenant_id, email, name, locale, status, created_at) "
    "VALUES ('c-1', 't-old', 'old@example.com', '老顾客', 'zh-CN', 'active', CURRENT_TIMESTAMP)"
)
READ = "SELECT name, email, tags FROM customers_customers"


def _upgrade_keeps_the_member(url: str) -> list[tuple[object, ...]]:
    upgrade(url, "0022_first_order_guard")
    asyncio.run(_execute(url, TENANT, MEMBER))
    upgrade(url, REVISION)
    rows = asyncio.run(_execute(url, READ))
    return [(name, email, json.loads(tags) if isinstance(tags, str) else tags) for name, email, tags in rows]


def test_sqlite_members_keep_their_data_and_have_no_tags(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    assert _upgrade_keeps_the_member(url) == [("老顾客", "old@example.com", [])]


def test_postgres_members_keep_their_data_and_have_no_tags() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_tags_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        assert _upgrade_keeps_the_member(url) == [("老顾客", "old@example.com", [])]
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
