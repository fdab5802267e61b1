"""``0026_low_stock_threshold`` adds the low-stock alert to stock rows that already exist, keeping their counts
and leaving them without an alert, on both databases; a negative threshold is refused by the database."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.integration.migrations.test_location_hours import LOCATION, TENANT, _execute
from tests.schema import drop_pg_database, make_pg_database

REVISION = "0026_low_stock_threshold"
STOCK = (
    "INSERT INTO inventory_stock (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at) "
    "VALUES ('s-1', 't-old', 'v-1', 'l-1', 7, 2, CURRENT_TIMESTAMP)"
)
READ = "SELECT on_hand, reserved, low_stock_threshold FROM inventory_stock"


def _upgrade_keeps_the_stock(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    upgrade(url, "0003_inventory")
    asyncio.run(_execute(url, TENANT, LOCATION, STOCK))
    upgrade(url, REVISION)
    before = asyncio.run(_execute(url, READ))
    after = asyncio.run(_execute(url, "UPDATE inventory_stock SET low_stock_threshold = 5", READ))
    with pytest.raises(IntegrityError):
        asyncio.run(_execute(url, "UPDATE inventory_stock SET low_stock_threshold = -1"))
    return before, after


def test_sqlite_stock_keeps_its_counts_and_gains_an_alert(tmp_path: Path) -> None:
    assert _upgrade_keeps_the_stock(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}") == ([(7, 2, None)], [(7, 2, 5)])


def test_postgres_stock_keeps_its_counts_and_gains_an_alert() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_low_stock_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        assert _upgrade_keeps_the_stock(url) == ([(7, 2, None)], [(7, 2, 5)])
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
