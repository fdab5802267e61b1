"""Opening hours of a location, so a pickup order can tell the shopper when the store is open.

A nullable text column (``每天 10:00-22:00``): existing locations keep every value and simply have no
hours until staff fill them in.

Revision ID: 0020_location_hours
Revises: 0003_inventory
Create Date: 2026-11-26 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_location_hours"
down_revision: str | Sequence[str] | None = "0003_inventory"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inventory_locations") as batch:
        batch.add_column(sa.Column("opening_hours", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inventory_locations") as batch:
        batch.drop_column("opening_hours")
