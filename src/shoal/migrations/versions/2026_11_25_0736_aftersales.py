"""After-sales: cases, their lines and history, and per-order-line claims.

Revision ID: 0011_aftersales
Revises: 0001_core_identity
Create Date: 2026-11-25 07:36:12.436914
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0011_aftersales"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "aftersales_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("order_number", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("refund_amount", sa.Integer(), nullable=False),
        sa.Column("refund_shipping", sa.Boolean(), nullable=False),
        sa.Column("return_location_id", sa.String(length=36), nullable=True),
        sa.Column("refund_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("refund_amount >= 0", name=op.f("ck_aftersales_cases_refund_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_aftersales_cases_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_cases")),
    )
    with op.batch_alter_table("aftersales_cases", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_cases_created", ["tenant_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_aftersales_cases_order", ["tenant_id", "order_id"], unique=False)

    op.create_table(
        "aftersales_line_claims",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_line_id", sa.String(length=36), nullable=False),
        sa.Column("line_quantity", sa.Integer(), nullable=False),
        sa.Column("claimed", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "claimed >= 0 AND claimed <= line_quantity", name=op.f("ck_aftersales_line_claims_claimed_within_line")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_aftersales_line_claims_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_line_claims")),
        sa.UniqueConstraint(
            "tenant_id", "order_line_id", name=op.f("uq_aftersales_line_claims_tenant_id_order_line_id")
        ),
    )
    op.create_table(
        "aftersales_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("after_sale_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["after_sale_id"],
            ["aftersales_cases.id"],
            name=op.f("fk_aftersales_events_after_sale_id_aftersales_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_aftersales_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_events")),
    )
    with op.batch_alter_table("aftersales_events", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_events_case", ["tenant_id", "after_sale_id", "at"], unique=False)

    op.create_table(
        "aftersales_lines",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("after_sale_id", sa.String(length=36), nullable=False),
        sa.Column("order_line_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("replacement_variant_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_aftersales_lines_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["after_sale_id"],
            ["aftersales_cases.id"],
            name=op.f("fk_aftersales_lines_after_sale_id_aftersales_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_aftersales_lines_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_lines")),
    )
    with op.batch_alter_table("aftersales_lines", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_lines_case", ["tenant_id", "after_sale_id"], unique=False)

    secure_tenant_tables(op, ["aftersales_cases", "aftersales_line_claims", "aftersales_events", "aftersales_lines"])


def downgrade() -> None:
    with op.batch_alter_table("aftersales_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_aftersales_lines_case")

    op.drop_table("aftersales_lines")
    with op.batch_alter_table("aftersales_events", schema=None) as batch_op:
        batch_op.drop_index("ix_aftersales_events_case")

    op.drop_table("aftersales_events")
    op.drop_table("aftersales_line_claims")
    with op.batch_alter_table("aftersales_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_aftersales_cases_order")
        batch_op.drop_index("ix_aftersales_cases_created")

    op.drop_table("aftersales_cases")
