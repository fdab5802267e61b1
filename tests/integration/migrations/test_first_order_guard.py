"""``0022_first_order_guard`` adds the first-order offer's holder to customers that already exist, keeping them
and the addresses that hang off them, on both databases; afterwards one order holds at most one offer."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database

BEFORE, REVISION = "0022_address_region_codes", "0022_first_order_guard"
NOW = "CURRENT_TIMESTAMP"
SHOP = [
    "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
    f"VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', {NOW})",
    *(
        "INSERT INTO customers_customers (id, tenant_id, email, name, locale, status, created_at) "
        f"VALUES ('{c}', 't-old', '{c}@example.com', '张三', 'zh-CN', 'active', {NOW})"
        for c in ("c-1", "c-2")
    ),
    "INSERT INTO customers_addresses (id, tenant_id, customer_id, name, phone, province, city, district, line1, "
    f"is_default, created_at, updated_at) VALUES ('a-1', 't-old', 'c-1', '张三', '13800138000', '浙江省', '杭州市', "
    f"'西湖区', '龙井路 1 号', true, {NOW}, {NOW})",
]
READ = (
    "SELECT c.email, c.first_order_offer_order_id, a.city FROM customers_customers c "
    "LEFT JOIN customers_addresses a ON a.customer_id = c.id ORDER BY c.id"
)
HOLD = "UPDATE customers_customers SET first_order_offer_order_id = 'o-1' WHERE id = '{}'"


async def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run ``statements`` in one transaction; the rows of the last one that returns rows."""
    engine = create_async_engine(url)
    rows: list[tuple[object, ...]] = []
    try:
        async with engine.begin() as connection:
            for statement in statements:
                result = await connection.execute(text(statement))
                if result.returns_rows:
                    rows = [tuple(row) for row in result]
    finally:
        await engine.dispose()
    return rows


def _upgrade_keeps_the_customers(url: str) -> None:
    upgrade(url, BEFORE)
    asyncio.run(_execute(url, *SHOP))
    upgrade(url, REVISION)
    assert asyncio.run(_execute(url, READ)) == [("c-1@example.com", None, "杭州市"), ("c-2@example.com", None, None)]
    assert asyncio.run(_execute(url, HOLD.format("c-1"), READ))[0] == ("c-1@example.com", "o-1", "杭州市")
    with pytest.raises(IntegrityError):
        asyncio.run(_execute(url, HOLD.format("c-2")))  # one order, one offer


def test_sqlite_customers_keep_their_data(tmp_path: Path) -> None:
    _upgrade_keeps_the_customers(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")


def test_postgres_customers_keep_their_data() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_first_order_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        _upgrade_keeps_the_customers(url)
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
