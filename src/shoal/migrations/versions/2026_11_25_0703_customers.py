"""Customers: shoppers, WeChat identities, shopper sessions, SMS codes, sign-in failures, addresses.

Revision ID: 0004_customers
Revises: 0001_core_identity
Create Date: 2026-11-25 07:03:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0004_customers"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "customers_customers",
    "customers_wechat_identities",
    "customers_sessions",
    "customers_sms_codes",
    "customers_login_failures",
    "customers_addresses",
]


def upgrade() -> None:
    op.create_table(
        "customers_customers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("customer_group", sa.String(length=40), nullable=True),
        sa.Column("member_level", sa.String(length=40), nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_order_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_customers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_customers")),
        sa.UniqueConstraint("tenant_id", "email", name=op.f("uq_customers_customers_tenant_id_email")),
        sa.UniqueConstraint("tenant_id", "phone", name=op.f("uq_customers_customers_tenant_id_phone")),
    )
    op.create_table(
        "customers_login_failures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("login", sa.String(length=254), nullable=False),
        sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_customers_login_failures_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_login_failures")),
    )
    with op.batch_alter_table("customers_login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_customers_login_failures_lookup", ["tenant_id", "login", "at"], unique=False)

    op.create_table(
        "customers_sms_codes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("sent_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("consumed_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_sms_codes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_sms_codes")),
        sa.UniqueConstraint("tenant_id", "phone", name=op.f("uq_customers_sms_codes_tenant_id_phone")),
    )
    op.create_table(
        "customers_addresses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("province", sa.String(length=40), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=40), nullable=False),
        sa.Column("line1", sa.String(length=200), nullable=False),
        sa.Column("line2", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=12), nullable=True),
        sa.Column("latitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("longitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers_customers.id"],
            name=op.f("fk_customers_addresses_customer_id_customers_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_addresses_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_addresses")),
    )
    with op.batch_alter_table("customers_addresses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_addresses_customer", ["tenant_id", "customer_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "uq_customers_addresses_one_default",
            ["tenant_id", "customer_id"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )

    op.create_table(
        "customers_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("refresh_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers_customers.id"],
            name=op.f("fk_customers_sessions_customer_id_customers_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_sessions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_sessions")),
        sa.UniqueConstraint("tenant_id", "refresh_digest", name=op.f("uq_customers_sessions_tenant_id_refresh_digest")),
    )
    op.create_table(
        "customers_wechat_identities",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("appid", sa.String(length=64), nullable=False),
        sa.Column("openid", sa.String(length=128), nullable=False),
        sa.Column("unionid", sa.String(length=128), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers_customers.id"],
            name=op.f("fk_customers_wechat_identities_customer_id_customers_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_customers_wechat_identities_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_wechat_identities")),
        sa.UniqueConstraint(
            "tenant_id", "appid", "openid", name=op.f("uq_customers_wechat_identities_tenant_id_appid_openid")
        ),
    )
    with op.batch_alter_table("customers_wechat_identities", schema=None) as batch_op:
        batch_op.create_index("ix_customers_wechat_identities_unionid", ["tenant_id", "unionid"], unique=False)
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    with op.batch_alter_table("customers_wechat_identities", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_wechat_identities_unionid")

    op.drop_table("customers_wechat_identities")
    op.drop_table("customers_sessions")
    with op.batch_alter_table("customers_addresses", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_customers_addresses_one_default",
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )
        batch_op.drop_index("ix_customers_addresses_customer")

    op.drop_table("customers_addresses")
    op.drop_table("customers_sms_codes")
    with op.batch_alter_table("customers_login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_login_failures_lookup")

    op.drop_table("customers_login_failures")
    op.drop_table("customers_customers")
