"""Marketing: the redemption ledger behind stats, and per-day coupon issue limits.

Revision ID: 0013_marketing_ledger
Revises: 0012_coupon_codes
Create Date: 2026-11-25 08:05:12.915890
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0013_marketing_ledger"
down_revision: str | Sequence[str] | None = "0012_coupon_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "marketing_redemptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=36), nullable=False),
        sa.Column("coupon_id", sa.String(length=36), nullable=True),
        sa.Column("discount", sa.Integer(), nullable=False),
        sa.Column("order_total", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_marketing_redemptions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_redemptions")),
    )
    with op.batch_alter_table("marketing_redemptions", schema=None) as batch_op:
        batch_op.create_index("ix_marketing_redemptions_order", ["tenant_id", "order_id"], unique=False)
        batch_op.create_index("ix_marketing_redemptions_rule", ["tenant_id", "rule_id", "status"], unique=False)

    op.create_table(
        "marketing_daily_issues",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("template_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["marketing_coupon_templates.id"],
            name=op.f("fk_marketing_daily_issues_template_id_marketing_coupon_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_marketing_daily_issues_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_daily_issues")),
        sa.UniqueConstraint(
            "tenant_id", "template_id", "day", name=op.f("uq_marketing_daily_issues_tenant_id_template_id_day")
        ),
    )
    with op.batch_alter_table("marketing_coupon_templates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("daily_issue_limit", sa.Integer(), nullable=True))

    secure_tenant_tables(op, ["marketing_redemptions", "marketing_daily_issues"])


def downgrade() -> None:
    with op.batch_alter_table("marketing_coupon_templates", schema=None) as batch_op:
        batch_op.drop_column("daily_issue_limit")

    op.drop_table("marketing_daily_issues")
    with op.batch_alter_table("marketing_redemptions", schema=None) as batch_op:
        batch_op.drop_index("ix_marketing_redemptions_rule")
        batch_op.drop_index("ix_marketing_redemptions_order")

    op.drop_table("marketing_redemptions")
