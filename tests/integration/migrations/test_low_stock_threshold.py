"""``0026_low_stock_threshold`` adds the low-stock alert to stock rows that already exist, keeping their counts
and leaving them without an alert, on both databases; a negative threshold is refused by the database."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding
from tests.integration.migrations.test_location_hours import LOCATION

STOCK = (
    "INSERT INTO inventory_stock (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at) "
    f"VALUES ('s-1', 't-old', 'v-1', 'l-1', 7, 2, {NOW})"
)
READ = "SELECT on_hand, reserved, low_stock_threshold FROM inventory_stock"


def test_stock_keeps_its_counts_and_gains_an_alert(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0003_inventory", rows=[TENANT, LOCATION, STOCK], revision="0026_low_stock_threshold")
    assert execute(url, READ) == [(7, 2, None)]
    assert execute(url, "UPDATE inventory_stock SET low_stock_threshold = 5", READ) == [(7, 2, 5)]
    with pytest.raises(IntegrityError):
        execute(url, "UPDATE inventory_stock SET low_stock_threshold = -1")
