"""The district code of a saved address (GB/T 2260, ``customers.regions``), kept beside its names.

A nullable column: addresses saved before regions were checked keep every value and simply have no code until
the shopper edits them.

Revision ID: 0022_address_region_codes
Revises: 0018_auth_hardening
Create Date: 2026-11-26 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_address_region_codes"
down_revision: str | Sequence[str] | None = "0018_auth_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers_addresses") as batch:
        batch.add_column(sa.Column("region_code", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers_addresses") as batch:
        batch.drop_column("region_code")
