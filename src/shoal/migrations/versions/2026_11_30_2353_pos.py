"""In-store selling (POS): shifts (one open per clerk by a unique key), sales (one per till sale_id) and till
returns (one per till return_id).

Revision ID: 0053_pos
Revises: 0001_core_identity
Create Date: 2026-11-30 23:53:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0053_pos"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["pos_shifts", "pos_sales", "pos_returns"]
AT = shoal.core.db.UTCDateTime(timezone=True)
AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _keys(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "pos_shifts",
        *_keys("pos_shifts"),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("open_key", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opening_float", AMOUNT, nullable=False),
        sa.Column("counted_cash", AMOUNT, nullable=True),
        sa.Column("expected_cash", AMOUNT, nullable=True),
        sa.Column("difference", AMOUNT, nullable=True),
        sa.Column("takings", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("opened_at", AT, nullable=False),
        sa.Column("closed_at", AT, nullable=True),
        sa.CheckConstraint("opening_float >= 0", name=op.f("ck_pos_shifts_float_not_negative")),
        sa.UniqueConstraint("tenant_id", "open_key", name=op.f("uq_pos_shifts_tenant_id_open_key")),
    )
    op.create_index("ix_pos_shifts_location", "pos_shifts", ["tenant_id", "location_id", "opened_at"])
    op.create_table(
        "pos_sales",
        *_keys("pos_sales"),
        sa.Column("sale_id", sa.String(length=64), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("flag_reason", sa.String(length=40), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("order_number", sa.String(length=24), nullable=True),
        *(sa.Column(name, AMOUNT, nullable=False) for name in
          ("subtotal", "discount", "total", "refunded", "cash_tendered", "change_given")),
        sa.Column("tenders", sa.JSON(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("sold_at", AT, nullable=False),
        sa.Column("recorded_at", AT, nullable=False),
        sa.UniqueConstraint("tenant_id", "sale_id", name=op.f("uq_pos_sales_tenant_id_sale_id")),
    )  # fmt: skip
    op.create_index("ix_pos_sales_location", "pos_sales", ["tenant_id", "location_id", "recorded_at"])
    op.create_index("ix_pos_sales_shift", "pos_sales", ["tenant_id", "shift_id"])
    op.create_index("ix_pos_sales_status", "pos_sales", ["tenant_id", "status", "recorded_at"])
    op.create_table(
        "pos_returns",
        *_keys("pos_returns"),
        sa.Column("return_id", sa.String(length=64), nullable=False),
        sa.Column("sale_pk", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("refunds", sa.JSON(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.UniqueConstraint("tenant_id", "return_id", name=op.f("uq_pos_returns_tenant_id_return_id")),
    )
    op.create_index("ix_pos_returns_sale", "pos_returns", ["tenant_id", "sale_pk"])
    op.create_index("ix_pos_returns_shift", "pos_returns", ["tenant_id", "shift_id"])
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
