"""Product search finds tags, category names, description words and pinyin: existing products indexed again.

``catalog_products.search_text`` held names, SKUs and barcodes only, so 白茶 did not find the white tea
tagged 白茶. The column stays; this revision fills it again for every product with what
``shoal.catalog.search`` now puts in it, a page of products at a time. Downgrading keeps the richer text:
the old search matched substrings of it just the same.

Row-level security is forced on these tables, even for their owner: it is lifted while the backfill
reads and writes every tenant's rows (as in ``0016_outbox_backoff``), then forced again.

Revision ID: 0028_search_text
Revises: 0021_long_skus
Create Date: 2026-11-26 16:00:00
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from shoal.catalog import search

revision: str = "0028_search_text"
down_revision: str | Sequence[str] | None = "0021_long_skus"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAGE = 500
TABLES = ("catalog_products", "catalog_variants", "catalog_categories", "catalog_product_categories")

products = sa.table(
    "catalog_products",
    sa.column("id", sa.String),
    sa.column("tenant_id", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("translations", sa.JSON),
    sa.column("tags", sa.JSON),
    sa.column("search_text", sa.Text),
)
variants = sa.table(
    "catalog_variants", sa.column("product_id", sa.String), sa.column("sku", sa.String), sa.column("barcode", sa.String)
)
categories = sa.table(
    "catalog_categories",
    sa.column("id", sa.String),
    sa.column("parent_id", sa.String),
    sa.column("name", sa.String),
    sa.column("translations", sa.JSON),
)
links = sa.table("catalog_product_categories", sa.column("product_id", sa.String), sa.column("category_id", sa.String))


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    _backfill(op.get_bind())
    if postgres:
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    """Nothing to undo: the text is a superset of what the old search looked in."""


def _backfill(bind: Any) -> None:
    words = {
        row.id: search.CategoryWords(
            parent_id=row.parent_id, names=search.translated_names(row.name, row.translations or {})
        )
        for row in bind.execute(sa.select(categories))
    }
    last_id = ""
    while True:
        page = bind.execute(
            sa.select(products).where(products.c.id > last_id).order_by(products.c.id).limit(PAGE)
        ).all()
        if not page:
            return
        ids = [row.id for row in page]
        codes = defaultdict(list)
        for row in bind.execute(sa.select(variants).where(variants.c.product_id.in_(ids))):
            codes[row.product_id].append((row.sku, row.barcode))
        linked = defaultdict(list)
        for row in bind.execute(sa.select(links).where(links.c.product_id.in_(ids))):
            linked[row.product_id].append(row.category_id)
        for row in page:
            source = search.product_source(
                name=row.name,
                description=row.description or "",
                translations=row.translations or {},
                tags=row.tags or [],
                category_names=search.category_names(words, linked[row.id]),
                codes=codes[row.id],
            )
            text = search.search_text(source)
            bind.execute(sa.update(products).where(products.c.id == row.id).values(search_text=text))
        last_id = ids[-1]
