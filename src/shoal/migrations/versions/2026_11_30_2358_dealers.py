"""Dealer network (分销伙伴): dealers, their staff users and sessions, the SKUs offered to dealers, dealer
orders and lines, the credit ledger, dealers' own customers, sell-through reports, rebate tiers and entries.

Revision ID: 0058_dealers
Revises: 0001_core_identity (the dealers' tables name only tenants and each other)
Create Date: 2026-11-30 23:58:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0058_dealers"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "dealers", "dealer_users", "dealer_sessions", "dealer_sku_terms", "dealer_orders", "dealer_order_lines",
    "dealer_credit_entries", "dealer_customers", "dealer_sales", "dealer_rebate_tiers", "dealer_rebate_entries",
]  # fmt: skip
AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
AT = shoal.core.db.UTCDateTime(timezone=True)


def _base(table: str) -> list[sa.SchemaItem]:
    """What every table starts with: its id, its tenant (first in every key) and their constraints."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "dealer_rebate_tiers",
        *_base("dealer_rebate_tiers"),
        sa.Column("min_volume", AMOUNT, nullable=False),
        sa.Column("rate_bps", sa.Integer(), nullable=False),
        sa.CheckConstraint("rate_bps > 0 AND rate_bps <= 10000", name=op.f("ck_dealer_rebate_tiers_rate_bps_in_range")),
        sa.UniqueConstraint("tenant_id", "min_volume", name=op.f("uq_dealer_rebate_tiers_tenant_id_min_volume")),
    )
    op.create_table(
        "dealer_sku_terms",
        *_base("dealer_sku_terms"),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=False),
        sa.Column("case_pack", sa.Integer(), nullable=False),
        sa.CheckConstraint("case_pack >= 1", name=op.f("ck_dealer_sku_terms_case_pack_positive")),
        sa.CheckConstraint("moq >= 1", name=op.f("ck_dealer_sku_terms_moq_positive")),
        sa.UniqueConstraint("tenant_id", "variant_id", name=op.f("uq_dealer_sku_terms_tenant_id_variant_id")),
    )
    op.create_table(
        "dealers",
        *_base("dealers"),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("price_list", sa.String(length=60), nullable=True),
        sa.Column("discount_bps", sa.Integer(), nullable=False),
        sa.Column("credit_limit", AMOUNT, nullable=False),
        sa.Column("credit_used", AMOUNT, nullable=False),
        sa.Column("payment_terms", sa.String(length=10), nullable=False),
        sa.Column("terms_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.CheckConstraint("credit_limit >= 0", name=op.f("ck_dealers_credit_limit_not_negative")),
        sa.CheckConstraint("credit_used >= 0", name=op.f("ck_dealers_credit_used_not_negative")),
        sa.CheckConstraint("discount_bps >= 0 AND discount_bps <= 10000", name=op.f("ck_dealers_discount_within_list")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_dealers_tenant_id_code")),
    )
    op.create_table(
        "dealer_credit_entries",
        *_base("dealer_credit_entries"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_credit_entries_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "tenant_id", "order_id", "kind", name=op.f("uq_dealer_credit_entries_tenant_id_order_id_kind")
        ),
    )
    op.create_index(
        "ix_dealer_credit_entries_dealer", "dealer_credit_entries", ["tenant_id", "dealer_id", "id"], unique=False
    )
    op.create_table(
        "dealer_customers",
        *_base("dealer_customers"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("created_at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_customers_dealer_id_dealers"), ondelete="CASCADE"
        ),
    )
    op.create_index("ix_dealer_customers_dealer", "dealer_customers", ["tenant_id", "dealer_id", "id"], unique=False)
    op.create_table(
        "dealer_orders",
        *_base("dealer_orders"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("payment", sa.String(length=10), nullable=False),
        sa.Column("payment_status", sa.String(length=20), nullable=False),
        sa.Column("total", AMOUNT, nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("transfer_id", sa.String(length=36), nullable=True),
        sa.Column("invoice_number", sa.String(length=32), nullable=True),
        sa.Column("due_at", AT, nullable=True),
        sa.Column("placed_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("approved_at", AT, nullable=True),
        sa.Column("shipped_at", AT, nullable=True),
        sa.Column("invoiced_at", AT, nullable=True),
        sa.Column("paid_at", AT, nullable=True),
        sa.Column("received_at", AT, nullable=True),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_orders_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_dealer_orders_tenant_id_number")),
    )
    op.create_index("ix_dealer_orders_dealer", "dealer_orders", ["tenant_id", "dealer_id", "id"], unique=False)
    op.create_index("ix_dealer_orders_status", "dealer_orders", ["tenant_id", "status", "id"], unique=False)
    op.create_table(
        "dealer_rebate_entries",
        *_base("dealer_rebate_entries"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("volume", AMOUNT, nullable=False),
        sa.Column("rate_bps", sa.Integer(), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("settled_at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_rebate_entries_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "tenant_id", "dealer_id", "period", name=op.f("uq_dealer_rebate_entries_tenant_id_dealer_id_period")
        ),
    )
    op.create_table(
        "dealer_sales",
        *_base("dealer_sales"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("total", AMOUNT, nullable=False),
        sa.Column("sold_at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_sales_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "tenant_id", "dealer_id", "reference", name=op.f("uq_dealer_sales_tenant_id_dealer_id_reference")
        ),
    )
    op.create_table(
        "dealer_users",
        *_base("dealer_users"),
        sa.Column("dealer_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_users_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("tenant_id", "email", name=op.f("uq_dealer_users_tenant_id_email")),
    )
    op.create_index("ix_dealer_users_dealer", "dealer_users", ["tenant_id", "dealer_id"], unique=False)
    op.create_table(
        "dealer_order_lines",
        *_base("dealer_order_lines"),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("sku", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", AMOUNT, nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["dealer_orders.id"],
            name=op.f("fk_dealer_order_lines_order_id_dealer_orders"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_dealer_order_lines_order", "dealer_order_lines", ["tenant_id", "order_id"], unique=False)
    op.create_table(
        "dealer_sessions",
        *_base("dealer_sessions"),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("refresh_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("expires_at", AT, nullable=False),
        sa.Column("revoked_at", AT, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["dealer_users.id"], name=op.f("fk_dealer_sessions_user_id_dealer_users"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("tenant_id", "refresh_digest", name=op.f("uq_dealer_sessions_tenant_id_refresh_digest")),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
