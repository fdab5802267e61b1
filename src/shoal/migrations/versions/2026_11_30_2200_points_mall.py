"""Points mall (积分商城): items (a coupon for points, with stock and a per-shopper limit), each shopper's count,
and the exchanges.

Revision ID: 0044_points_mall
Revises: 0043_points_at_checkout
Create Date: 2026-11-30 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0044_points_mall"
down_revision: str | Sequence[str] | None = "0043_points_at_checkout"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["loyalty_mall_items", "loyalty_mall_shoppers", "loyalty_mall_exchanges"]


def upgrade() -> None:
    op.create_table(
        "loyalty_mall_exchanges",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_mall_exchanges_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_mall_exchanges")),
    )
    op.create_index(
        "ix_loyalty_mall_exchanges_customer",
        "loyalty_mall_exchanges",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "loyalty_mall_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("coupon_template_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("per_shopper_limit", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("points > 0", name=op.f("ck_loyalty_mall_items_points_positive")),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_loyalty_mall_items_stock_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_mall_items_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_mall_items")),
    )
    op.create_table(
        "loyalty_mall_shoppers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("exchanged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_mall_shoppers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_mall_shoppers")),
        sa.UniqueConstraint(
            "tenant_id", "item_id", "customer_id", name=op.f("uq_loyalty_mall_shoppers_tenant_id_item_id_customer_id")
        ),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
