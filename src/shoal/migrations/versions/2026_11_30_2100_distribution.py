"""Community distribution (社群分销): settings, levels, promoters, applications, bindings and their history,
commission rules, commissioned orders and lines, the ledger, withdrawals and their daily totals.

Revision ID: 0038_distribution
Revises: 0001_core_identity (distribution's tables name only tenants)
Create Date: 2026-11-30 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0038_distribution"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "distribution_applications", "distribution_binding_changes", "distribution_bindings", "distribution_entries",
    "distribution_levels", "distribution_lines", "distribution_orders", "distribution_promoters",
    "distribution_rules", "distribution_settings", "distribution_withdrawal_days", "distribution_withdrawals",
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
        "distribution_applications",
        *_base("distribution_applications"),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("inviter_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("spent", AMOUNT, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("decided_at", AT, nullable=True),
    )
    op.create_index(
        "ix_distribution_applications_status",
        "distribution_applications",
        ["tenant_id", "status", "created_at"],
        unique=False,
    )
    op.create_index(
        "uq_distribution_applications_pending",
        "distribution_applications",
        ["tenant_id", "customer_id"],
        unique=True,
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "distribution_binding_changes",
        *_base("distribution_binding_changes"),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("from_promoter_id", sa.String(length=36), nullable=True),
        sa.Column("to_promoter_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("at", AT, nullable=False),
    )
    op.create_index(
        "ix_distribution_binding_changes_customer",
        "distribution_binding_changes",
        ["tenant_id", "customer_id", "at"],
        unique=False,
    )
    op.create_table(
        "distribution_bindings",
        *_base("distribution_bindings"),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("promoter_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("bound_at", AT, nullable=False),
        sa.Column("protected_until", AT, nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_distribution_bindings_tenant_id_customer_id")),
    )
    op.create_index(
        "ix_distribution_bindings_promoter",
        "distribution_bindings",
        ["tenant_id", "promoter_id", "bound_at"],
        unique=False,
    )
    op.create_table(
        "distribution_entries",
        *_base("distribution_entries"),
        sa.Column("promoter_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("withdrawal_id", sa.String(length=36), nullable=True),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("settled_at", AT, nullable=True),
        sa.UniqueConstraint("tenant_id", "key", name=op.f("uq_distribution_entries_tenant_id_key")),
    )
    op.create_index(
        "ix_distribution_entries_order", "distribution_entries", ["tenant_id", "order_id", "status"], unique=False
    )
    op.create_index(
        "ix_distribution_entries_promoter",
        "distribution_entries",
        ["tenant_id", "promoter_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "distribution_levels",
        *_base("distribution_levels"),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.UniqueConstraint("tenant_id", "rank", name=op.f("uq_distribution_levels_tenant_id_rank")),
    )
    op.create_table(
        "distribution_lines",
        *_base("distribution_lines"),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("line_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("base", AMOUNT, nullable=False),
        sa.Column("tier1", AMOUNT, nullable=False),
        sa.Column("tier2", AMOUNT, nullable=False),
    )
    op.create_index("ix_distribution_lines_order", "distribution_lines", ["tenant_id", "order_id"], unique=False)
    op.create_table(
        "distribution_orders",
        *_base("distribution_orders"),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("promoter_id", sa.String(length=36), nullable=False),
        sa.Column("inviter_id", sa.String(length=36), nullable=True),
        sa.Column("store_id", sa.String(length=36), nullable=True),
        sa.Column("paid_amount", AMOUNT, nullable=False),
        sa.Column("refunded", AMOUNT, nullable=False),
        sa.Column("commission1", AMOUNT, nullable=False),
        sa.Column("commission2", AMOUNT, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("paid_at", AT, nullable=False),
        sa.Column("settle_after", AT, nullable=True),
        sa.Column("settled_at", AT, nullable=True),
        sa.UniqueConstraint("tenant_id", "order_id", name=op.f("uq_distribution_orders_tenant_id_order_id")),
    )
    op.create_index(
        "ix_distribution_orders_due", "distribution_orders", ["tenant_id", "status", "settle_after"], unique=False
    )
    op.create_index(
        "ix_distribution_orders_promoter", "distribution_orders", ["tenant_id", "promoter_id", "paid_at"], unique=False
    )
    op.create_table(
        "distribution_promoters",
        *_base("distribution_promoters"),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("level_id", sa.String(length=36), nullable=True),
        sa.Column("inviter_id", sa.String(length=36), nullable=True),
        sa.Column("store_id", sa.String(length=36), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("balance", AMOUNT, nullable=False),
        sa.Column("pending", AMOUNT, nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_distribution_promoters_tenant_id_code")),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_distribution_promoters_tenant_id_customer_id")),
    )
    op.create_index(
        "ix_distribution_promoters_inviter", "distribution_promoters", ["tenant_id", "inviter_id"], unique=False
    )
    op.create_table(
        "distribution_rules",
        *_base("distribution_rules"),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("level_id", sa.String(length=36), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("tier1", AMOUNT, nullable=False),
        sa.Column("tier2", AMOUNT, nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.UniqueConstraint(
            "tenant_id",
            "scope",
            "target_id",
            "level_id",
            name=op.f("uq_distribution_rules_tenant_id_scope_target_id_level_id"),
        ),
    )
    op.create_table(
        "distribution_settings",
        *_base("distribution_settings"),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_distribution_settings_tenant_id")),
    )
    op.create_table(
        "distribution_withdrawal_days",
        *_base("distribution_withdrawal_days"),
        sa.Column("promoter_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("total", AMOUNT, nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "tenant_id", "promoter_id", "day", name=op.f("uq_distribution_withdrawal_days_tenant_id_promoter_id_day")
        ),
    )
    op.create_table(
        "distribution_withdrawals",
        *_base("distribution_withdrawals"),
        sa.Column("promoter_id", sa.String(length=36), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("out_bill_no", sa.String(length=32), nullable=False),
        sa.Column("provider_reference", sa.String(length=64), nullable=True),
        sa.Column("package_info", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("decided_at", AT, nullable=True),
        sa.Column("settled_at", AT, nullable=True),
        sa.UniqueConstraint("tenant_id", "out_bill_no", name=op.f("uq_distribution_withdrawals_tenant_id_out_bill_no")),
    )
    op.create_index(
        "ix_distribution_withdrawals_promoter",
        "distribution_withdrawals",
        ["tenant_id", "promoter_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_distribution_withdrawals_status",
        "distribution_withdrawals",
        ["tenant_id", "status", "created_at"],
        unique=False,
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
