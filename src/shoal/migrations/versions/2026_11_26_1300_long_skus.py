"""SKUs as long as Shopify's (255 characters), and the SKU an imported file gave a variant.

Real Shopify exports hold SKUs longer than 64 characters, and SKUs repeated over several variants,
which Shopify accepts and Shoal (one SKU per variant in a shop) stores changed. Widening keeps every
value; the new ``source_sku`` column is empty for existing variants (nothing was changed on import).
Order lines copy the SKU, so they widen with it. On PostgreSQL the columns are altered in place
(row-level security stays); on SQLite, batch mode copies each table into its new shape.

Revision ID: 0021_long_skus
Revises: 0017_money_bigint
Create Date: 2026-11-26 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_long_skus"
down_revision: str | Sequence[str] | None = "0017_money_bigint"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHORT, LONG = sa.String(length=64), sa.String(length=255)


def upgrade() -> None:
    with op.batch_alter_table("catalog_variants") as batch:
        batch.alter_column("sku", type_=LONG, existing_type=SHORT, existing_nullable=False)
        batch.add_column(sa.Column("source_sku", LONG, nullable=True))
    with op.batch_alter_table("orders_order_lines") as batch:
        batch.alter_column("sku", type_=LONG, existing_type=SHORT, existing_nullable=False)


def downgrade() -> None:
    """Back to 64 characters: fails (and changes nothing) if a longer SKU is stored."""
    with op.batch_alter_table("orders_order_lines") as batch:
        batch.alter_column("sku", type_=SHORT, existing_type=LONG, existing_nullable=False)
    with op.batch_alter_table("catalog_variants") as batch:
        batch.drop_column("source_sku")
        batch.alter_column("sku", type_=SHORT, existing_type=LONG, existing_nullable=False)
