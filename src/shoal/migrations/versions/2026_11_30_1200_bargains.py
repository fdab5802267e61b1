"""Bargains (砍价): activities, shoppers' bargains with their planned cuts, helpers' cuts (one per bargain and
helper) and helpers' counts per day.

Revision ID: 0032_bargain
Revises: 0030_flash_sales
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0032_bargain"
down_revision: str | Sequence[str] | None = "0030_flash_sales"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["bargains", "bargain_records", "bargain_cuts", "bargain_helper_days"]
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
        "bargains",
        *_base("bargains"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("start_price", AMOUNT, nullable=False),
        sa.Column("floor_price", AMOUNT, nullable=False),
        sa.Column("helpers_needed", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("daily_help_limit", sa.Integer(), nullable=False),
        sa.Column("buy_before_floor", sa.Boolean(), nullable=False),
        sa.Column("new_shopper_counts_double", sa.Boolean(), nullable=False),
        sa.Column("first_cut_percent", sa.Integer(), nullable=False),
        sa.Column("payment_minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("updated_at", at, nullable=False),
        sa.CheckConstraint(
            "floor_price > 0 AND start_price - floor_price >= helpers_needed",
            name=op.f("ck_bargains_prices_plannable"),
        ),
    )
    op.create_index("ix_bargains_status", "bargains", ["tenant_id", "status"])
    op.create_table(
        "bargain_records",
        *_base("bargain_records"),
        sa.Column("bargain_id", sa.String(length=36), nullable=False),
        sa.Column("initiator_id", sa.String(length=36), nullable=False),
        sa.Column("start_price", AMOUNT, nullable=False),
        sa.Column("floor_price", AMOUNT, nullable=False),
        sa.Column("helpers_needed", sa.Integer(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("slices", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("paid_amount", AMOUNT, nullable=True),
        sa.Column("expires_at", at, nullable=False),
        sa.Column("created_at", at, nullable=False),
        _parent("bargain_records", "bargain_id", "bargains"),
        sa.CheckConstraint(
            "slices >= 0 AND slices <= helpers_needed", name=op.f("ck_bargain_records_slices_within_plan")
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "bargain_id",
            "initiator_id",
            name=op.f("uq_bargain_records_tenant_id_bargain_id_initiator_id"),
        ),
        sa.UniqueConstraint("tenant_id", "order_id", name=op.f("uq_bargain_records_tenant_id_order_id")),
    )
    op.create_index("ix_bargain_records_due", "bargain_records", ["tenant_id", "status", "expires_at"])
    op.create_table(
        "bargain_cuts",
        *_base("bargain_cuts"),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("helper_id", sa.String(length=36), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("created_at", at, nullable=False),
        _parent("bargain_cuts", "record_id", "bargain_records"),
        sa.CheckConstraint("amount > 0", name=op.f("ck_bargain_cuts_amount_positive")),
        sa.UniqueConstraint(
            "tenant_id", "record_id", "helper_id", name=op.f("uq_bargain_cuts_tenant_id_record_id_helper_id")
        ),
    )
    op.create_table(
        "bargain_helper_days",
        *_base("bargain_helper_days"),
        sa.Column("helper_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("helped", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "tenant_id", "helper_id", "day", name=op.f("uq_bargain_helper_days_tenant_id_helper_id_day")
        ),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
