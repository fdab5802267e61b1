"""``0017_money_bigint`` widens the money columns of a PostgreSQL database that already holds orders."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory

from shoal.core.migrate import alembic_config, upgrade
from tests.integration.migrations.old_database import NOW, TENANT, execute

REVISION = "0017_money_bigint"
AMOUNT = 2_000_000_000  # near the 32-bit ceiling
BEYOND_32_BITS = 2_997_000_000  # 999 × ¥30,000

ORDER = (
    "INSERT INTO orders_orders (id, tenant_id, number, channel, status, currency, subtotal, discount, shipping_fee, "
    "total, paid_amount, refunded_amount, adjustments, delivery_method, fulfilment_location_ids, "
    "reservation_reference, expires_at, created_at, updated_at) VALUES ('o-1', 't-old', 'SO1', 'online', 'paid', "
    f"'CNY', :a, 0, 0, :a, :a, 0, '[]', 'ship', '[]', 'o-1', {NOW}, {NOW}, {NOW})"
)
PAYMENT = (
    "INSERT INTO payments_payments (id, tenant_id, order_id, number, provider, amount, currency, status, "
    "client_params, refunded_amount, created_at, updated_at) VALUES ('p-1', 't-old', 'o-1', 'P1', 'mock', :a, "
    f"'CNY', 'succeeded', '{{}}', 0, {NOW}, {NOW})"
)
LINE_TOTAL_TYPE = (
    "SELECT data_type FROM information_schema.columns "
    "WHERE table_name = 'orders_order_lines' AND column_name = 'line_total'"
)


def _previous_heads(url: str) -> tuple[str, ...]:
    down = ScriptDirectory.from_config(alembic_config(url)).get_revision(REVISION).down_revision
    return tuple(down) if isinstance(down, tuple | list) else (str(down),)


@pytest.mark.pg_only
def test_money_columns_become_bigint_and_keep_their_values(empty_database_url: str) -> None:
    url = empty_database_url
    for head in _previous_heads(url):
        upgrade(url, head)
    execute(url, TENANT, ORDER, PAYMENT, params={"a": AMOUNT})
    upgrade(url, REVISION)
    assert execute(url, "SELECT total FROM orders_orders") == [(AMOUNT,)]
    assert execute(url, "SELECT amount FROM payments_payments") == [(AMOUNT,)]
    widen = "UPDATE orders_orders SET subtotal = :b, total = :b"
    assert execute(url, widen, "SELECT total FROM orders_orders", params={"b": BEYOND_32_BITS}) == [(BEYOND_32_BITS,)]
    assert execute(url, LINE_TOTAL_TYPE) == [("bigint",)]
