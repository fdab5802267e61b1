"""Points mall SKUs: an item is a coupon or a SKU (from a location, optionally for points plus cash), and a SKU's
exchange names its order and is ``ordered`` until that order is closed or cancelled (``returned``). Every
existing item is a coupon and every existing exchange is ``done``.

Revision ID: 0052_mall_skus
Revises: 0051_withdrawals
Create Date: 2026-11-30 23:04:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0052_mall_skus"
down_revision: str | Sequence[str] | None = "0051_withdrawals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ID = sa.String(length=36)
COUPON_OR_SKU = "(coupon_template_id IS NULL) <> (variant_id IS NULL)"


def upgrade() -> None:
    with op.batch_alter_table("loyalty_mall_items") as batch:
        batch.alter_column("coupon_template_id", existing_type=ID, nullable=True)
        batch.add_column(sa.Column("variant_id", ID, nullable=True))
        batch.add_column(sa.Column("location_id", ID, nullable=True))
        batch.add_column(sa.Column("cash", AMOUNT, nullable=False, server_default="0"))
        batch.create_check_constraint("coupon_or_sku", COUPON_OR_SKU)
    with op.batch_alter_table("loyalty_mall_exchanges") as batch:
        batch.alter_column("coupon_id", existing_type=ID, nullable=True)
        batch.add_column(sa.Column("cash", AMOUNT, nullable=False, server_default="0"))
        batch.add_column(sa.Column("order_id", ID, nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=12), nullable=False, server_default="done"))
        batch.create_index("ix_loyalty_mall_exchanges_order_id", ["tenant_id", "order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loyalty_mall_exchanges") as batch:
        batch.drop_index("ix_loyalty_mall_exchanges_order_id")
        for column in ("status", "order_id", "cash"):
            batch.drop_column(column)
    with op.batch_alter_table("loyalty_mall_items") as batch:
        batch.drop_constraint("ck_loyalty_mall_items_coupon_or_sku", type_="check")
        for column in ("cash", "location_id", "variant_id"):
            batch.drop_column(column)
