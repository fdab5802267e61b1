"""Withdrawals of unused stored value (退余额): each withdrawal (principal paid back, bonus forfeited), and what
a withdrawal has cleared to be refunded of a top-up's payment (zero for every top-up that exists).

Revision ID: 0051_withdrawals
Revises: 0050_birthday_gifts
Create Date: 2026-11-30 23:03:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0051_withdrawals"
down_revision: str | Sequence[str] | None = "0050_birthday_gifts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "loyalty_withdrawals"


def upgrade() -> None:
    with op.batch_alter_table("loyalty_top_ups") as batch:
        batch.add_column(
            sa.Column(
                "cleared_for_refund",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=False,
                server_default="0",
            )
        )
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("principal", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bonus_forfeited", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_withdrawals_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_withdrawals")),
    )
    op.create_index("ix_loyalty_withdrawals_customer", TABLE, ["tenant_id", "customer_id", "created_at"], unique=False)
    secure_tenant_tables(op, [TABLE])


def downgrade() -> None:
    op.drop_table(TABLE)
    with op.batch_alter_table("loyalty_top_ups") as batch:
        batch.drop_column("cleared_for_refund")
