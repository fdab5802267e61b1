"""Tags on members (会员标签: 老客, 团购团长, ...), which staff set to sort and find their shoppers.

A JSON list, empty for every member that exists already: they keep every value and simply have no tags.

Revision ID: 0027_customer_tags
Revises: 0022_first_order_guard
Create Date: 2026-11-27 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_customer_tags"
down_revision: str | Sequence[str] | None = "0022_first_order_guard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.drop_column("tags")
