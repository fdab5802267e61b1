"""Group-buys (拼团): activities, their SKUs, groups and members; and ``orders_orders.fulfilment_hold`` (who holds an
order's goods back, empty for every existing order).

Revision ID: 0031_group_buy
Revises: 0030_flash_sales, 0023_shipment_tracking (the orders branch: this adds a column to ``orders``)
Create Date: 2026-11-30 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0031_group_buy"
down_revision: str | Sequence[str] | None = ("0030_flash_sales", "0023_shipment_tracking")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["group_buys", "group_buy_items", "group_buy_groups", "group_buy_members"]
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
    with op.batch_alter_table("orders_orders") as batch:
        batch.add_column(sa.Column("fulfilment_hold", sa.String(length=60), nullable=True))
    op.create_table(
        "group_buys",
        *_base("group_buys"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", at, nullable=False),
        sa.Column("ends_at", at, nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("group_minutes", sa.Integer(), nullable=False),
        sa.Column("payment_minutes", sa.Integer(), nullable=False),
        sa.Column("per_shopper_limit", sa.Integer(), nullable=False),
        sa.Column("new_shoppers_only", sa.Boolean(), nullable=False),
        sa.Column("virtual_fill_min", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("updated_at", at, nullable=False),
        sa.CheckConstraint("group_size >= 2 AND group_size <= 100", name=op.f("ck_group_buys_group_size_range")),
    )
    op.create_index("ix_group_buys_status", "group_buys", ["tenant_id", "status", "starts_at"])
    op.create_table(
        "group_buy_items",
        *_base("group_buy_items"),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("group_price", AMOUNT, nullable=False),
        sa.Column("leader_price", AMOUNT, nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _parent("group_buy_items", "activity_id", "group_buys"),
        sa.UniqueConstraint(
            "tenant_id", "activity_id", "variant_id", name=op.f("uq_group_buy_items_tenant_id_activity_id_variant_id")
        ),
    )
    op.create_table(
        "group_buy_groups",
        *_base("group_buy_groups"),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("leader_id", sa.String(length=36), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("paid", sa.Integer(), nullable=False),
        sa.Column("virtual_seats", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("expires_at", at, nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("closed_at", at, nullable=True),
        _parent("group_buy_groups", "activity_id", "group_buys"),
        sa.CheckConstraint("paid >= 0 AND paid <= size", name=op.f("ck_group_buy_groups_paid_within_size")),
    )
    op.create_index("ix_group_buy_groups_due", "group_buy_groups", ["tenant_id", "status", "expires_at"])
    op.create_index("ix_group_buy_groups_activity", "group_buy_groups", ["tenant_id", "activity_id", "status"])
    op.create_table(
        "group_buy_members",
        *_base("group_buy_members"),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("paid_at", at, nullable=True),
        _parent("group_buy_members", "group_id", "group_buy_groups"),
        _parent("group_buy_members", "activity_id", "group_buys"),
        sa.UniqueConstraint(
            "tenant_id", "group_id", "customer_id", name=op.f("uq_group_buy_members_tenant_id_group_id_customer_id")
        ),
        sa.UniqueConstraint("tenant_id", "order_id", name=op.f("uq_group_buy_members_tenant_id_order_id")),
    )
    op.create_index("ix_group_buy_members_customer", "group_buy_members", ["tenant_id", "customer_id", "created_at"])
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("orders_orders") as batch:
        batch.drop_column("fulfilment_hold")
