"""``0048_customer_identities`` opens a door for every existing phone, email and WeChat unionid (a unionid on two
customers leads to the older sign-in's), on both databases, and ``0049_customer_profile`` keeps them."""

from __future__ import annotations

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

CUSTOMER = (
    "INSERT INTO customers_customers (id, tenant_id, email, phone, name, locale, status, created_at, tags) "
    f"VALUES ('{{id}}', 't-old', {{email}}, {{phone}}, 'n', 'zh-CN', 'active', {NOW}, '[]')"
)
OPENID = (
    "INSERT INTO customers_wechat_identities (id, tenant_id, customer_id, appid, openid, unionid, created_at) "
    "VALUES ('{id}', 't-old', '{customer}', 'wx', '{id}', 'u-1', '{at}')"
)


def test_existing_contacts_and_unionids_become_doors(empty_database_url: str) -> None:
    url = empty_database_url
    rows = [
        TENANT,
        CUSTOMER.format(id="c-1", email="'a@example.com'", phone="'+8613800138000'"),
        CUSTOMER.format(id="c-2", email="NULL", phone="NULL"),
        CUSTOMER.format(id="c-3", email="NULL", phone="NULL"),
        OPENID.format(id="o-1", customer="c-3", at="2026-01-02 00:00:00+00:00"),
        OPENID.format(id="o-2", customer="c-2", at="2026-01-01 00:00:00+00:00"),
    ]
    upgrade_holding(url, before="0027_customer_tags", rows=rows, revision="0049_customer_profile")
    doors = execute(url, "SELECT customer_id, kind, value FROM customers_identities ORDER BY customer_id, kind")
    assert doors == [("c-1", "email", "a@example.com"), ("c-1", "phone", "+8613800138000"), ("c-2", "unionid", "u-1")]
    assert execute(url, "SELECT marketing_consent FROM customers_customers WHERE id = 'c-1'") in ([(False,)], [(0,)])
