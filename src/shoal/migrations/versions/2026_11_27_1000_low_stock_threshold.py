"""A low-stock threshold per stock row (库存预警): the dashboard's to-do list and the inventory page's filter
flag a row whose available units fell to it or below.

A nullable column: existing rows keep every value and simply have no alert until staff set one.

Revision ID: 0026_low_stock_threshold
Revises: 0020_location_hours
Create Date: 2026-11-27 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_low_stock_threshold"
down_revision: str | Sequence[str] | None = "0020_location_hours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inventory_stock") as batch:
        batch.add_column(sa.Column("low_stock_threshold", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_inventory_stock_low_stock_threshold_not_negative"), "low_stock_threshold >= 0"
        )


def downgrade() -> None:
    with op.batch_alter_table("inventory_stock") as batch:
        batch.drop_constraint(op.f("ck_inventory_stock_low_stock_threshold_not_negative"), type_="check")
        batch.drop_column("low_stock_threshold")
