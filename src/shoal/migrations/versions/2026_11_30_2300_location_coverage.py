"""Where a location serves (配送覆盖): the region codes (GB/T 2260 as ``customers.regions`` writes them: 33 a
province, 3301 a city, 330106 a district) whose online orders it may fulfil, so ship-from-store and dealer
routing work for any kind of location.

A JSON list, empty for every existing location: a store or warehouse with no coverage serves everywhere, as
before; a dealer with none serves no shop orders (it holds another business's stock), as before.

Revision ID: 0063_location_coverage
Revises: 0026_low_stock_threshold
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0063_location_coverage"
down_revision: str | Sequence[str] | None = "0026_low_stock_threshold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inventory_locations") as batch:
        batch.add_column(sa.Column("coverage", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("inventory_locations") as batch:
        batch.drop_column("coverage")
