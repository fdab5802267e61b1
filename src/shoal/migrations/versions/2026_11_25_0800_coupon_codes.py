"""Coupon templates: a shared public code, and whether a cancelled order gives the coupon back.

Revision ID: 0012_coupon_codes
Revises: 0010_marketing
Create Date: 2026-11-25 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_coupon_codes"
down_revision: str | Sequence[str] | None = "0010_marketing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("marketing_coupon_templates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("return_on_cancel", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.create_unique_constraint(
            batch_op.f("uq_marketing_coupon_templates_tenant_id_public_code"), ["tenant_id", "public_code"]
        )


def downgrade() -> None:
    with op.batch_alter_table("marketing_coupon_templates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_marketing_coupon_templates_tenant_id_public_code"), type_="unique")
        batch_op.drop_column("return_on_cancel")
        batch_op.drop_column("public_code")
