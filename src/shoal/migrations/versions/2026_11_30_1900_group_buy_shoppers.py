"""Group-buy shoppers: one row per shopper and activity, locked while the units they hold in the activity are
counted against its per-shopper limit (so two orders opened at once cannot both pass the limit).

Revision ID: 0034_group_buy_shoppers
Revises: 0031_group_buy
Create Date: 2026-11-30 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shoal.core.rls import secure_tenant_tables

revision: str = "0034_group_buy_shoppers"
down_revision: str | Sequence[str] | None = "0031_group_buy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_buy_shoppers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_group_buy_shoppers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["group_buys.id"],
            name=op.f("fk_group_buy_shoppers_activity_id_group_buys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_buy_shoppers")),
        sa.UniqueConstraint(
            "tenant_id",
            "activity_id",
            "customer_id",
            name=op.f("uq_group_buy_shoppers_tenant_id_activity_id_customer_id"),
        ),
    )
    secure_tenant_tables(op, ["group_buy_shoppers"])


def downgrade() -> None:
    op.drop_table("group_buy_shoppers")
