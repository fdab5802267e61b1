"""``0021_long_skus`` widens the SKUs of a shop that already has products and orders, keeping them, on both
databases; afterwards a 255-character SKU is stored whole, and the order line's CHECK constraints still hold."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

LONG_SKU = "VELO-" + "X" * 250
SHOP = [
    TENANT,
    "INSERT INTO catalog_products (id, tenant_id, handle, name, description, translations, status, tags, "
    "attributes, search_text, price_min, created_at, updated_at) VALUES ('p-1', 't-old', 'tea', '龙井茶', '', "
    f"'{{}}', 'active', '[]', '{{}}', 'lj-50', 8800, {NOW}, {NOW})",
    "INSERT INTO catalog_variants (id, tenant_id, product_id, sku, title, options, weight_grams, price, position, "
    f"created_at) VALUES ('v-1', 't-old', 'p-1', 'LJ-50', '', '[]', 50, 8800, 0, {NOW})",
    "INSERT INTO catalog_channel_prices (id, tenant_id, variant_id, channel, customer_group, price) "
    "VALUES ('c-1', 't-old', 'v-1', 'online', '', 8000)",
    "INSERT INTO orders_orders (id, tenant_id, number, channel, status, currency, subtotal, discount, shipping_fee, "
    "total, paid_amount, refunded_amount, adjustments, delivery_method, fulfilment_location_ids, "
    "reservation_reference, expires_at, created_at, updated_at) VALUES ('o-1', 't-old', 'SO1', 'online', 'paid', "
    f"'CNY', 8800, 0, 0, 8800, 8800, 0, '[]', 'ship', '[]', 'o-1', {NOW}, {NOW}, {NOW})",
    "INSERT INTO orders_order_lines (id, tenant_id, order_id, position, variant_id, product_id, sku, name, title, "
    "options, unit_price, quantity, discount, line_total, shipped_quantity, refunded_quantity, refunded_amount) "
    "VALUES ('l-1', 't-old', 'o-1', 0, 'v-1', 'p-1', 'LJ-50', '{}', '', '[]', 8800, 1, 0, 8800, 0, 0, 0)",
]
READ = (
    "SELECT v.sku, v.source_sku, c.price, l.sku FROM catalog_variants v "
    "JOIN catalog_channel_prices c ON c.variant_id = v.id "
    "JOIN orders_order_lines l ON l.variant_id = v.id ORDER BY l.position"
)
LONG_LINE = (
    "INSERT INTO orders_order_lines (id, tenant_id, order_id, position, variant_id, product_id, sku, name, title, "
    "options, unit_price, quantity, discount, line_total, shipped_quantity, refunded_quantity, refunded_amount) "
    f"VALUES ('l-2', 't-old', 'o-1', 1, 'v-1', 'p-1', '{LONG_SKU}', '{{}}', '', '[]', 100, 1, 0, 100, 0, 0, 0)"
)


def test_skus_widen_and_keep_products_prices_and_orders(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0017_money_bigint", rows=SHOP, revision="0021_long_skus")
    assert execute(url, READ) == [("LJ-50", None, 8000, "LJ-50")]
    widened = f"UPDATE catalog_variants SET sku = '{LONG_SKU}', source_sku = 'VELO X'"
    assert execute(url, widened, LONG_LINE, READ) == [
        (LONG_SKU, "VELO X", 8000, "LJ-50"),
        (LONG_SKU, "VELO X", 8000, LONG_SKU),
    ]
    negative = LONG_LINE.replace("'l-2'", "'l-3'").replace("1, 0, 100, 0, 0, 0)", "0, 0, 100, 0, 0, 0)")
    with pytest.raises(IntegrityError):  # a line of quantity 0: the order line kept its CHECK constraints
        execute(url, negative)
