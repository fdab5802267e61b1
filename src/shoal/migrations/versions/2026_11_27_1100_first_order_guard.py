"""The shopper's one first-order offer (新客首单): the live order that took it, claimed by a guarded update.

A nullable column, unique per tenant (an order holds at most one shopper's offer): existing customers keep
every value and have no holder until their next checkout with a first-order offer.

Revision ID: 0022_first_order_guard
Revises: 0022_address_region_codes
Create Date: 2026-11-27 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_first_order_guard"
down_revision: str | Sequence[str] | None = "0022_address_region_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.add_column(sa.Column("first_order_offer_order_id", sa.String(length=36), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_customers_customers_tenant_id_first_order_offer_order_id"),
            ["tenant_id", "first_order_offer_order_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("customers_customers") as batch:
        batch.drop_constraint(op.f("uq_customers_customers_tenant_id_first_order_offer_order_id"), type_="unique")
        batch.drop_column("first_order_offer_order_id")
