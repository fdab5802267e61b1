"""Marketing: promotions, coupon templates, coupons and per-customer usage counters.

Revision ID: 0010_marketing
Revises: 0001_core_identity
Create Date: 2026-11-25 07:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0010_marketing"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["marketing_promotions", "marketing_coupon_templates", "marketing_coupons", "marketing_customer_usage"]


def upgrade() -> None:
    op.create_table(
        "marketing_coupon_templates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("benefit", sa.JSON(), nullable=False),
        sa.Column("condition", sa.JSON(), nullable=False),
        sa.Column("stacks_with_promotions", sa.Boolean(), nullable=False),
        sa.Column("stacks_with_coupons", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("total_quantity", sa.Integer(), nullable=True),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("per_customer_claims", sa.Integer(), nullable=False),
        sa.Column("per_customer_uses", sa.Integer(), nullable=False),
        sa.Column("valid_from", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_until", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "max_uses IS NULL OR used <= max_uses", name=op.f("ck_marketing_coupon_templates_used_within_max")
        ),
        sa.CheckConstraint(
            "total_quantity IS NULL OR issued <= total_quantity",
            name=op.f("ck_marketing_coupon_templates_issued_within_total"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_marketing_coupon_templates_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_coupon_templates")),
    )
    op.create_index(
        "ix_marketing_coupon_templates_status",
        "marketing_coupon_templates",
        ["tenant_id", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "marketing_promotions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("benefit", sa.JSON(), nullable=False),
        sa.Column("condition", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("group_key", sa.String(length=60), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("budget_used", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "budget IS NULL OR budget_used <= budget", name=op.f("ck_marketing_promotions_budget_not_exceeded")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_marketing_promotions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_promotions")),
    )
    op.create_index(
        "ix_marketing_promotions_status", "marketing_promotions", ["tenant_id", "status", "priority"], unique=False
    )
    op.create_table(
        "marketing_coupons",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("valid_from", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_until", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["marketing_coupon_templates.id"],
            name=op.f("fk_marketing_coupons_template_id_marketing_coupon_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_marketing_coupons_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_coupons")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_marketing_coupons_tenant_id_code")),
    )
    op.create_index(
        "ix_marketing_coupons_customer", "marketing_coupons", ["tenant_id", "customer_id", "status"], unique=False
    )
    op.create_index("ix_marketing_coupons_order", "marketing_coupons", ["tenant_id", "order_id"], unique=False)
    op.create_table(
        "marketing_customer_usage",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("claimed", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["marketing_coupon_templates.id"],
            name=op.f("fk_marketing_customer_usage_template_id_marketing_coupon_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_marketing_customer_usage_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_customer_usage")),
        sa.UniqueConstraint(
            "tenant_id",
            "template_id",
            "customer_id",
            name=op.f("uq_marketing_customer_usage_tenant_id_template_id_customer_id"),
        ),
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
