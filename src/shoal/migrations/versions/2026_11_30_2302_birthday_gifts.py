"""Birthday gifts: a level's birthday coupon (beside its birthday points) and each member's gift of a year,
unique per (customer, year) so the job gives once.

Revision ID: 0050_birthday_gifts
Revises: 0045_membership_cards
Create Date: 2026-11-30 23:02:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0050_birthday_gifts"
down_revision: str | Sequence[str] | None = "0045_membership_cards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "loyalty_birthday_gifts"


def upgrade() -> None:
    with op.batch_alter_table("loyalty_levels") as batch:
        batch.add_column(sa.Column("birthday_coupon_template_id", sa.String(length=36), nullable=True))
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=40), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_loyalty_birthday_gifts_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_birthday_gifts")),
        sa.UniqueConstraint(
            "tenant_id", "customer_id", "year", name=op.f("uq_loyalty_birthday_gifts_tenant_id_customer_id_year")
        ),
    )
    secure_tenant_tables(op, [TABLE])


def downgrade() -> None:
    op.drop_table(TABLE)
    with op.batch_alter_table("loyalty_levels") as batch:
        batch.drop_column("birthday_coupon_template_id")
