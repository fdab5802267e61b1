"""``0025_shop_settings`` gives existing shops a logo and a service phone (empty at first), keeping every value,
and an empty credentials table, on both databases."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.integration.migrations.test_location_hours import TENANT, _execute
from tests.schema import drop_pg_database, make_pg_database

READ = "SELECT slug, name, currency, logo_url, service_phone FROM tenants"


def _upgrade_keeps_the_shop(url: str) -> tuple[object, ...]:
    upgrade(url, "0017_money_bigint")
    asyncio.run(_execute(url, TENANT))
    upgrade(url, "0025_shop_settings")
    before = asyncio.run(_execute(url, READ))
    after = asyncio.run(_execute(url, "UPDATE tenants SET service_phone = '400-820-8820'", READ))
    credentials = asyncio.run(_execute(url, "SELECT count(*) FROM payments_shop_credentials"))
    return before, after, credentials


EXPECTED = (
    [("old-shop", "Old shop", "CNY", None, None)],
    [("old-shop", "Old shop", "CNY", None, "400-820-8820")],
    [(0,)],
)


def test_sqlite_shops_keep_their_data(tmp_path: Path) -> None:
    assert _upgrade_keeps_the_shop(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}") == EXPECTED


def test_postgres_shops_keep_their_data() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_shop_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        assert _upgrade_keeps_the_shop(url) == EXPECTED
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
