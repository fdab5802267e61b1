"""``0028_search_text`` indexes again the products a shop already has, on both databases: afterwards they are
found by their tags, category (and parent category) names in every locale, description words and pinyin."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database

BEFORE, REVISION = "0021_long_skus", "0028_search_text"
NOW = "CURRENT_TIMESTAMP"
SHOP = [
    "INSERT INTO tenants (id, slug, name, currency, default_locale, timezone, status, created_at) "
    f"VALUES ('t-old', 'old-shop', 'Old shop', 'CNY', 'zh-CN', 'Asia/Shanghai', 'active', {NOW})",
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


async def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    engine = create_async_engine(url)
    rows: list[tuple[object, ...]] = []
    try:
        async with engine.begin() as connection:
            for statement in statements:
                result = await connection.execute(text(statement))
                if result.returns_rows:
                    rows = [tuple(row) for row in result]
    finally:
        await engine.dispose()
    return rows


def _upgrade_indexes_the_shop(url: str) -> None:
    upgrade(url, BEFORE)
    asyncio.run(_execute(url, *SHOP))
    upgrade(url, REVISION)
    [(indexed,)] = asyncio.run(_execute(url, "SELECT search_text FROM catalog_products"))
    lines = str(indexed).split("\n")
    for expected in ("白牡丹", "white peony", "白茶", "福鼎茶", "fuding tea", "茶叶", "bmd-50", "baimudan", "bmd"):
        assert expected in lines, (expected, lines)
    assert "太姥山" in str(indexed) and "<b>" not in str(indexed)


def test_sqlite_existing_products_are_indexed_again(tmp_path: Path) -> None:
    _upgrade_indexes_the_shop(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")


def test_postgres_existing_products_are_indexed_again() -> None:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_search_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        _upgrade_indexes_the_shop(url)
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
