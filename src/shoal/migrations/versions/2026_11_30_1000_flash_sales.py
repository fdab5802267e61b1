"""Flash sales (秒杀): sessions, their SKUs, sharded unit buckets, shoppers' counts and admitted orders; and
inventory holds carved from a parent hold (``inventory_reservations.parent_id``, empty for every existing hold).

Revision ID: 0030_flash_sales
Revises: 0026_low_stock_threshold
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0030_flash_sales"
down_revision: str | Sequence[str] | None = "0026_low_stock_threshold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["flash_sales", "flash_sale_items", "flash_sale_buckets", "flash_sale_shoppers", "flash_sale_orders"]
AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _base(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _parent(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=op.f(f"fk_{table}_{column}_{parent}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    at = shoal.core.db.UTCDateTime(timezone=True)
    op.create_table(
        "flash_sales",
        *_base("flash_sales"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", at, nullable=False),
        sa.Column("ends_at", at, nullable=False),
        sa.Column("payment_minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("updated_at", at, nullable=False),
    )
    op.create_index("ix_flash_sales_status", "flash_sales", ["tenant_id", "status", "starts_at"])
    op.create_table(
        "flash_sale_items",
        *_base("flash_sale_items"),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("flash_price", AMOUNT, nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("per_shopper_limit", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _parent("flash_sale_items", "sale_id", "flash_sales"),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_flash_sale_items_quantity_positive")),
        sa.CheckConstraint("per_shopper_limit > 0", name=op.f("ck_flash_sale_items_limit_positive")),
        sa.UniqueConstraint(
            "tenant_id", "sale_id", "variant_id", name=op.f("uq_flash_sale_items_tenant_id_sale_id_variant_id")
        ),
    )
    op.create_table(
        "flash_sale_buckets",
        *_base("flash_sale_buckets"),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("units_left", sa.Integer(), nullable=False),
        _parent("flash_sale_buckets", "item_id", "flash_sale_items"),
        sa.CheckConstraint("units_left >= 0", name=op.f("ck_flash_sale_buckets_units_left_not_negative")),
        sa.UniqueConstraint(
            "tenant_id", "item_id", "shard", name=op.f("uq_flash_sale_buckets_tenant_id_item_id_shard")
        ),
    )
    op.create_table(
        "flash_sale_shoppers",
        *_base("flash_sale_shoppers"),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        _parent("flash_sale_shoppers", "item_id", "flash_sale_items"),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_flash_sale_shoppers_quantity_not_negative")),
        sa.UniqueConstraint(
            "tenant_id", "item_id", "customer_id", name=op.f("uq_flash_sale_shoppers_tenant_id_item_id_customer_id")
        ),
    )
    op.create_table(
        "flash_sale_orders",
        *_base("flash_sale_orders"),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("pay_by", at, nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("settled_at", at, nullable=True),
        _parent("flash_sale_orders", "sale_id", "flash_sales"),
        _parent("flash_sale_orders", "item_id", "flash_sale_items"),
        sa.UniqueConstraint("tenant_id", "order_id", name=op.f("uq_flash_sale_orders_tenant_id_order_id")),
    )
    op.create_index("ix_flash_sale_orders_due", "flash_sale_orders", ["tenant_id", "status", "pay_by"])
    op.create_index("ix_flash_sale_orders_sale", "flash_sale_orders", ["tenant_id", "sale_id", "status"])
    secure_tenant_tables(op, TABLES)
    with op.batch_alter_table("inventory_reservations") as batch:
        batch.add_column(sa.Column("parent_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inventory_reservations") as batch:
        batch.drop_column("parent_id")
    for table in reversed(TABLES):
        op.drop_table(table)
