"""``0025_shop_settings`` gives existing shops a logo and a service phone (empty at first), keeping every value,
and an empty credentials table, on both databases."""

from __future__ import annotations

from tests.integration.migrations.old_database import TENANT, execute, upgrade_holding

READ = "SELECT slug, name, currency, logo_url, service_phone FROM tenants"


def test_shops_keep_their_data(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0017_money_bigint", rows=[TENANT], revision="0025_shop_settings")
    assert execute(url, READ) == [("old-shop", "Old shop", "CNY", None, None)]
    phoned = execute(url, "UPDATE tenants SET service_phone = '400-820-8820'", READ)
    assert phoned == [("old-shop", "Old shop", "CNY", None, "400-820-8820")]
    assert execute(url, "SELECT count(*) FROM payments_shop_credentials") == [(0,)]
