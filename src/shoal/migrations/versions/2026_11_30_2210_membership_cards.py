"""Paid membership (付费会员): cards sold like products, purchases (paid like orders) and holdings.

Revision ID: 0045_membership_cards
Revises: 0044_points_mall
Create Date: 2026-11-30 22:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0045_membership_cards"
down_revision: str | Sequence[str] | None = "0044_points_mall"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["loyalty_membership_cards", "loyalty_card_purchases", "loyalty_card_holdings"]


def upgrade() -> None:
    op.create_table(
        "loyalty_card_holdings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("card_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ends_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_card_holdings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_card_holdings")),
        sa.UniqueConstraint(
            "tenant_id", "customer_id", "card_id", name=op.f("uq_loyalty_card_holdings_tenant_id_customer_id_card_id")
        ),
    )
    op.create_index(
        "ix_loyalty_card_holdings_due", "loyalty_card_holdings", ["tenant_id", "status", "ends_at"], unique=False
    )
    op.create_table(
        "loyalty_card_purchases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("card_id", sa.String(length=36), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_card_purchases_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_card_purchases")),
    )
    op.create_index(
        "ix_loyalty_card_purchases_customer",
        "loyalty_card_purchases",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "loyalty_membership_cards",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("price", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=40), nullable=True),
        sa.Column("benefits_note", sa.String(length=200), nullable=False),
        sa.Column("refundable", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price > 0 AND days > 0", name=op.f("ck_loyalty_membership_cards_terms_valid")),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_loyalty_membership_cards_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_membership_cards")),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
