"""Dealer rebate periods: a month claimed once by the settling job, so later runs skip it without reading orders.

Revision ID: 0059_dealer_rebate_periods
Revises: 0058_dealers
Create Date: 2026-11-30 23:59:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0059_dealer_rebate_periods"
down_revision: str | Sequence[str] | None = "0058_dealers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "dealer_rebate_periods"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("settled_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{TABLE}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("tenant_id", "period", name=op.f(f"uq_{TABLE}_tenant_id_period")),
    )
    secure_tenant_tables(op, [TABLE])


def downgrade() -> None:
    op.drop_table(TABLE)
