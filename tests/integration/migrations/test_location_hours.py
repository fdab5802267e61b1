"""``0020_location_hours`` adds opening hours to locations that already exist, keeping them, on both databases."""

from __future__ import annotations

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

LOCATION = (
    "INSERT INTO inventory_locations (id, tenant_id, code, kind, name, name_translations, address, priority, active, "
    "sellable, pickup_enabled, created_at, updated_at) VALUES ('l-1', 't-old', 'ST-1', 'store', '西湖店', '{}', "
    f'\'{{"city": "杭州"}}\', 100, true, true, true, {NOW}, {NOW})'
)


def test_locations_keep_their_data_and_gain_hours(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0003_inventory", rows=[TENANT, LOCATION], revision="0020_location_hours")
    read = "SELECT name, address, opening_hours FROM inventory_locations"
    before = execute(url, read)
    after = execute(url, "UPDATE inventory_locations SET opening_hours = '每天 10:00-22:00'", read)
    address = before[0][1]
    assert (before, after) == ([("西湖店", address, None)], [("西湖店", address, "每天 10:00-22:00")])
    assert "杭州" in str(address)
