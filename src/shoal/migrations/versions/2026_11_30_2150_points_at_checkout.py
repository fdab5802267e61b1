"""Points at checkout: how many points take ¥1 off, and the most of an order's goods they may pay (defaults
100 and 50% for shops that saved their terms before).

Revision ID: 0043_points_at_checkout
Revises: 0042_stored_value
Create Date: 2026-11-30 21:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043_points_at_checkout"
down_revision: str | Sequence[str] | None = "0042_stored_value"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("loyalty_settings") as batch:
        batch.add_column(sa.Column("points_per_yuan_off", sa.Integer(), server_default="100", nullable=False))
        batch.add_column(sa.Column("max_points_percent", sa.Integer(), server_default="50", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("loyalty_settings") as batch:
        batch.drop_column("max_points_percent")
        batch.drop_column("points_per_yuan_off")
