"""Loyalty: member levels, members (growth, level, points balance), the points and growth ledgers, daily
check-ins, level history and the shop's loyalty terms.

Revision ID: 0041_loyalty
Revises: 0001_core_identity (a domain of its own: only ``tenants`` is referenced)
Create Date: 2026-11-30 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0041_loyalty"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "loyalty_settings",
    "loyalty_levels",
    "loyalty_members",
    "loyalty_points_entries",
    "loyalty_growth_entries",
    "loyalty_check_ins",
    "loyalty_level_changes",
]


def upgrade() -> None:
    op.create_table(
        "loyalty_check_ins",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_check_ins_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_check_ins")),
        sa.UniqueConstraint(
            "tenant_id", "customer_id", "day", name=op.f("uq_loyalty_check_ins_tenant_id_customer_id_day")
        ),
    )
    op.create_table(
        "loyalty_growth_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_growth_entries_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_growth_entries")),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "reason",
            "reference",
            name=op.f("uq_loyalty_growth_entries_tenant_id_customer_id_reason_reference"),
        ),
    )
    op.create_index(
        "ix_loyalty_growth_entries_customer",
        "loyalty_growth_entries",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "loyalty_level_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("from_level", sa.String(length=40), nullable=True),
        sa.Column("to_level", sa.String(length=40), nullable=True),
        sa.Column("growth", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_level_changes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_level_changes")),
    )
    op.create_index(
        "ix_loyalty_level_changes_customer",
        "loyalty_level_changes",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "loyalty_levels",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("points_multiplier", sa.Integer(), nullable=False),
        sa.Column("free_shipping", sa.Boolean(), nullable=False),
        sa.Column("birthday_points", sa.Integer(), nullable=False),
        sa.Column("benefits_note", sa.String(length=200), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("points_multiplier >= 100", name=op.f("ck_loyalty_levels_multiplier_at_least_one")),
        sa.CheckConstraint("threshold >= 0", name=op.f("ck_loyalty_levels_threshold_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_levels_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_levels")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_loyalty_levels_tenant_id_code")),
        sa.UniqueConstraint("tenant_id", "threshold", name=op.f("uq_loyalty_levels_tenant_id_threshold")),
    )
    op.create_table(
        "loyalty_members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("growth", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=40), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("growth >= 0", name=op.f("ck_loyalty_members_growth_not_negative")),
        sa.CheckConstraint("points >= 0", name=op.f("ck_loyalty_members_points_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_members_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_members")),
        sa.UniqueConstraint("tenant_id", "customer_id", name=op.f("uq_loyalty_members_tenant_id_customer_id")),
    )
    op.create_table(
        "loyalty_points_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_points_entries_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_points_entries")),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "reason",
            "reference",
            name=op.f("uq_loyalty_points_entries_tenant_id_customer_id_reason_reference"),
        ),
    )
    op.create_index(
        "ix_loyalty_points_entries_customer",
        "loyalty_points_entries",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_loyalty_points_entries_expiry", "loyalty_points_entries", ["tenant_id", "expires_at"], unique=False
    )
    op.create_table(
        "loyalty_settings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("points_per_yuan", sa.Integer(), nullable=False),
        sa.Column("growth_per_yuan", sa.Integer(), nullable=False),
        sa.Column("checkin_points", sa.Integer(), nullable=False),
        sa.Column("checkin_growth", sa.Integer(), nullable=False),
        sa.Column("streak_days", sa.Integer(), nullable=False),
        sa.Column("streak_bonus", sa.Integer(), nullable=False),
        sa.Column("expiry", sa.String(length=12), nullable=False),
        sa.Column("expiry_months", sa.Integer(), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_settings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_settings")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_loyalty_settings_tenant_id")),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
