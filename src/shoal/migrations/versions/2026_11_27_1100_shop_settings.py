"""Shop settings: the shop's logo and service phone (客服电话) on the global tenants table, and each shop's own
WeChat Pay and Alipay credentials (sealed secrets, row-secured).

Both tenant columns are nullable, so existing shops keep every value and simply show no logo or phone until the
owner fills them in; the credentials table starts empty (every shop keeps the environment's providers).

Revision ID: 0025_shop_settings
Revises: 0017_money_bigint
Create Date: 2026-11-27 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0025_shop_settings"
down_revision: str | Sequence[str] | None = "0017_money_bigint"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("logo_url", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("service_phone", sa.String(length=30), nullable=True))
    op.create_table(
        "payments_shop_credentials",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("secrets", sa.Text(), nullable=False),
        sa.Column("hints", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_payments_shop_credentials_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_shop_credentials")),
        sa.UniqueConstraint("tenant_id", "provider", name=op.f("uq_payments_shop_credentials_tenant_id_provider")),
    )
    secure_tenant_tables(op, ["payments_shop_credentials"])


def downgrade() -> None:
    op.drop_table("payments_shop_credentials")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("service_phone")
        batch.drop_column("logo_url")
