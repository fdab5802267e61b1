"""``0027_customer_tags`` gives members that already exist an empty tag list, keeping their data, on both databases."""

from __future__ import annotations

import json

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

MEMBER = (
    "INSERT INTO customers_customers (id, tenant_id, email, name, locale, status, created_at) "
    f"VALUES ('c-1', 't-old', 'old@example.com', '老顾客', 'zh-CN', 'active', {NOW})"
)


def test_members_keep_their_data_and_have_no_tags(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0022_first_order_guard", rows=[TENANT, MEMBER], revision="0027_customer_tags")
    rows = execute(url, "SELECT name, email, tags FROM customers_customers")
    tags_read = [(name, email, json.loads(tags) if isinstance(tags, str) else tags) for name, email, tags in rows]
    assert tags_read == [("老顾客", "old@example.com", [])]
