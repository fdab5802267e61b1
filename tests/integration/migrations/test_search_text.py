"""``0028_search_text`` indexes again the products a shop already has, on both databases: afterwards they are
found by their tags, category (and parent category) names in every locale, description words and pinyin."""

from __future__ import annotations

from tests.integration.migrations.old_database import NOW, TENANT, execute, upgrade_holding

SHOP = [
    TENANT,
    "INSERT INTO catalog_categories (id, tenant_id, parent_id, handle, name, translations, position, created_at) "
    f"VALUES ('c-tea', 't-old', NULL, 'tea', '茶叶', '{{}}', 0, {NOW})",
    "INSERT INTO catalog_categories (id, tenant_id, parent_id, handle, name, translations, position, created_at) "
    f"""VALUES ('c-fd', 't-old', 'c-tea', 'fuding', '福鼎茶', '{{"en": {{"name": "Fuding Tea"}}}}', 0, {NOW})""",
    "INSERT INTO catalog_products (id, tenant_id, handle, name, description, translations, status, tags, "
    "attributes, search_text, price_min, created_at, updated_at) VALUES ('p-1', 't-old', 'bmd', '白牡丹', "
    """'<p>采自<b>太姥山</b></p>', '{"en": {"name": "White Peony"}}', 'active', '["白茶"]', '{}', """
    f"'白牡丹', 8800, {NOW}, {NOW})",
    "INSERT INTO catalog_product_categories (id, tenant_id, product_id, category_id) "
    "VALUES ('pc-1', 't-old', 'p-1', 'c-fd')",
    "INSERT INTO catalog_variants (id, tenant_id, product_id, sku, title, options, weight_grams, price, position, "
    f"created_at) VALUES ('v-1', 't-old', 'p-1', 'BMD-50', '', '[]', 50, 8800, 0, {NOW})",
]


def test_existing_products_are_indexed_again(empty_database_url: str) -> None:
    url = empty_database_url
    upgrade_holding(url, before="0021_long_skus", rows=SHOP, revision="0028_search_text")
    [(indexed,)] = execute(url, "SELECT search_text FROM catalog_products")
    lines = str(indexed).split("\n")
    for expected in ("白牡丹", "white peony", "白茶", "福鼎茶", "fuding tea", "茶叶", "bmd-50", "baimudan", "bmd"):
        assert expected in lines, (expected, lines)
    assert "太姥山" in str(indexed) and "<b>" not in str(indexed)
