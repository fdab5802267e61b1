"""Distribution: the binding history says the protection period each binding got, and for a rebind by staff
who made it and why.

Revision ID: 0046_distribution_rebinding
Revises: 0038_distribution
Create Date: 2026-11-30 22:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db

revision: str = "0046_distribution_rebinding"
down_revision: str | Sequence[str] | None = "0038_distribution"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("distribution_binding_changes") as batch:
        batch.add_column(sa.Column("protected_until", shoal.core.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("staff", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("distribution_binding_changes") as batch:
        batch.drop_column("reason")
        batch.drop_column("staff")
        batch.drop_column("protected_until")
