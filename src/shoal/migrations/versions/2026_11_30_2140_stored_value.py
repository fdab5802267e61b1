"""Stored value (储值): wallets (principal and bonus, each CHECKed never below zero), the balance ledger, top-up
plans, top-ups (paid like orders) and gift cards.

Revision ID: 0042_stored_value
Revises: 0041_loyalty
Create Date: 2026-11-30 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0042_stored_value"
down_revision: str | Sequence[str] | None = "0041_loyalty"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["loyalty_wallets", "loyalty_wallet_entries", "loyalty_top_up_plans", "loyalty_top_ups", "loyalty_gift_cards"]


def upgrade() -> None:
    op.create_table(
        "loyalty_gift_cards",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("batch", sa.String(length=60), nullable=False),
        sa.Column("value", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("redeemed_by", sa.String(length=36), nullable=True),
        sa.Column("redeemed_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_gift_cards_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_gift_cards")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_loyalty_gift_cards_tenant_id_code")),
    )
    op.create_index("ix_loyalty_gift_cards_batch", "loyalty_gift_cards", ["tenant_id", "batch"], unique=False)
    op.create_table(
        "loyalty_top_up_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bonus", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0 AND bonus >= 0", name=op.f("ck_loyalty_top_up_plans_amounts_valid")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_top_up_plans_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_top_up_plans")),
    )
    op.create_table(
        "loyalty_top_ups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bonus", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_top_ups_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_top_ups")),
    )
    op.create_index(
        "ix_loyalty_top_ups_customer", "loyalty_top_ups", ["tenant_id", "customer_id", "created_at"], unique=False
    )
    op.create_table(
        "loyalty_wallet_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("principal", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bonus", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_wallet_entries_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_wallet_entries")),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "reason",
            "reference",
            name=op.f("uq_loyalty_wallet_entries_tenant_id_customer_id_reason_reference"),
        ),
    )
    op.create_index(
        "ix_loyalty_wallet_entries_customer",
        "loyalty_wallet_entries",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_loyalty_wallet_entries_reference", "loyalty_wallet_entries", ["tenant_id", "reference"], unique=False
    )
    op.create_table(
        "loyalty_wallets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("principal", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bonus", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("bonus >= 0", name=op.f("ck_loyalty_wallets_bonus_not_negative")),
        sa.CheckConstraint("principal >= 0", name=op.f("ck_loyalty_wallets_principal_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_wallets_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_wallets")),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_loyalty_wallets_tenant_id_customer_id")),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
