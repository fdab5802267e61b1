"""Auth hardening: one sign-in throttle for staff and shoppers, retired refresh tokens.

The failure tables of staff and shoppers become one table of attempt counters
(``identity_sign_in_throttles``); each login's recent failures are carried over as its account-wide
counter. ``identity_retired_refresh_tokens`` remembers rotated refresh tokens, so that one presented
again ends its whole session (theft detection).

Revision ID: 0018_auth_hardening
Revises: 0004_customers
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0018_auth_hardening"
down_revision: str | Sequence[str] | None = "0004_customers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FAILURE_TABLES = (
    ("identity_login_failures", "email", "staff"),
    ("customers_login_failures", "login", "shopper"),
)


def upgrade() -> None:
    op.create_table(
        "identity_sign_in_throttles",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("bucket", sa.String(length=400), nullable=False),
        sa.Column("window_start", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("locked_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_identity_sign_in_throttles_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "bucket", name=op.f("pk_identity_sign_in_throttles")),
    )
    op.create_table(
        "identity_retired_refresh_tokens",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("refresh_digest", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_identity_retired_refresh_tokens_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "refresh_digest", name=op.f("pk_identity_retired_refresh_tokens")),
    )
    for table, login, kind in FAILURE_TABLES:
        op.execute(
            "INSERT INTO identity_sign_in_throttles (tenant_id, bucket, window_start, attempts) "
            f"SELECT tenant_id, '{kind}:account:' || {login}, MIN(at), COUNT(*) FROM {table} "
            f"GROUP BY tenant_id, {login}"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_lookup")
        op.drop_table(table)
    secure_tenant_tables(op, ["identity_sign_in_throttles", "identity_retired_refresh_tokens"])


def downgrade() -> None:
    for table, login, _kind in FAILURE_TABLES:
        op.create_table(
            table,
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("tenant_id", sa.String(length=36), nullable=False),
            sa.Column(login, sa.String(length=254), nullable=False),
            sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_lookup", ["tenant_id", login, "at"], unique=False)
    secure_tenant_tables(op, [table for table, _login, _kind in FAILURE_TABLES])
    op.drop_table("identity_retired_refresh_tokens")
    op.drop_table("identity_sign_in_throttles")
