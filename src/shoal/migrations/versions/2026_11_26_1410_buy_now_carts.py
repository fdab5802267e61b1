"""What a cart is for: ``cart`` (the shopper's cart, found by customer on any device) or ``buy_now`` (one
product bought at once, 立即购买, checked out alone).

Existing carts are all shoppers' carts: the column is added with the server default ``cart``.

Revision ID: 0023_buy_now_carts
Revises: 0017_money_bigint
Create Date: 2026-11-26 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_buy_now_carts"
down_revision: str | Sequence[str] | None = "0017_money_bigint"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkout_carts") as batch:
        batch.add_column(sa.Column("purpose", sa.String(length=16), nullable=False, server_default="cart"))


def downgrade() -> None:
    with op.batch_alter_table("checkout_carts") as batch:
        batch.drop_column("purpose")
