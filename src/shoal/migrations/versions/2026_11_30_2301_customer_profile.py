"""Profile fields operators segment by: gender, birthday (with its month and day, indexed, for the birthday
gift job), region (a province's, city's or district's code) and marketing consent (with when it changed).
Every existing customer has none of them, and no consent.

Revision ID: 0049_customer_profile
Revises: 0048_customer_identities
Create Date: 2026-11-30 23:01:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db

revision: str = "0049_customer_profile"
down_revision: str | Sequence[str] | None = "0048_customer_identities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.add_column(sa.Column("gender", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("birthday", sa.Date(), nullable=True))
        batch.add_column(sa.Column("birth_month_day", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("region_code", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("marketing_consent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("marketing_consent_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True))
        batch.create_index("ix_customers_customers_birth_month_day", ["tenant_id", "birth_month_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.drop_index("ix_customers_customers_birth_month_day")
        for column in ("marketing_consent_at", "marketing_consent", "region_code", "birth_month_day", "birthday"):
            batch.drop_column(column)
        batch.drop_column("gender")
