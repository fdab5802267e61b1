"""``0022_first_order_guard`` adds the first-order offer's holder to customers that already exist, keeping them
and the addresses that hang off them, on both databases; afterwards one order holds at most one offer."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

SHOP = [
    TENANT,
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


def test_customers_keep_their_data(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0022_address_region_codes", rows=SHOP, revision="0022_first_order_guard")
    assert execute(url, READ) == [("c-1@example.com", None, "杭州市"), ("c-2@example.com", None, None)]
    assert execute(url, HOLD.format("c-1"), READ)[0] == ("c-1@example.com", "o-1", "杭州市")
    with pytest.raises(IntegrityError):
        execute(url, HOLD.format("c-2"))  # one order, one offer
