"""``0017_money_bigint`` widens the money columns of a PostgreSQL database that already holds orders."""

from __future__ import annotations

import asyncio
import uuid

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import alembic_config, upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database

REVISION = "0017_money_bigint"
AMOUNT = 2_000_000_000  # near the 32-bit ceiling
BEYOND_32_BITS = 2_997_000_000  # 999 × ¥30,000

ORDER = (
    "INSERT INTO orders_orders (id, tenant_id, number, channel, status, currency, subtotal, discount, shipping_fee, "
    "total, paid_amount, refunded_amount, adjustments, delivery_method, fulfilment_location_ids, "
    "reservation_reference, expires_at, created_at, updated_at) VALUES ('o-1', 't-old', 'SO1', 'online', 'paid', "
    "'CNY', :a, 0, 0, :a, :a, 0, '[]', 'ship', '[]', 'o-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
PAYMENT = (
    "INSERT INTO payments_payments (id, tenant_id, order_id, number, provider, amount, currency, status, "
    "client_params, refunded_amount, created_at, updated_at) VALUES ('p-1', 't-old', 'o-1', 'P1', 'mock', :a, "
    "'CNY', 'succeeded', '{}', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
TENANT = (
    "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
    "VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', CURRENT_TIMESTAMP)"
)


def _previous_heads(url: str) -> tuple[str, ...]:
    down = ScriptDirectory.from_config(alembic_config(url)).get_revision(REVISION).down_revision
    return tuple(down) if isinstance(down, tuple | list) else (str(down),)


async def _execute(url: str, *statements: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement), {"a": AMOUNT})
    await engine.dispose()


async def _after_upgrade(url: str) -> tuple[int, int, int, str]:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        total = (await connection.execute(text("SELECT total FROM orders_orders"))).scalar_one()
        amount = (await connection.execute(text("SELECT amount FROM payments_payments"))).scalar_one()
        await connection.execute(text("UPDATE orders_orders SET subtotal = :b, total = :b"), {"b": BEYOND_32_BITS})
        widened = (await connection.execute(text("SELECT total FROM orders_orders"))).scalar_one()
        kind = (
            await connection.execute(
                text(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = 'orders_order_lines' AND column_name = 'line_total'"
                )
            )
        ).scalar_one()
    await engine.dispose()
    return total, amount, widened, kind


def test_postgres_money_columns_become_bigint_and_keep_their_values() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_money_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        for head in _previous_heads(url):
            upgrade(url, head)
        asyncio.run(_execute(url, TENANT, ORDER, PAYMENT))
        upgrade(url, REVISION)
        assert asyncio.run(_after_upgrade(url)) == (AMOUNT, AMOUNT, BEYOND_32_BITS, "bigint")
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
