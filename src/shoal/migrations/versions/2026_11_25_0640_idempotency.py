"""Idempotency keys for POSTs that create things or move money.

Revision ID: 0005_idempotency
Revises: 0001_core_identity
Create Date: 2026-11-25 06:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0005_idempotency"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "core_idempotency_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.JSON(), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_core_idempotency_keys_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_idempotency_keys")),
        sa.UniqueConstraint("tenant_id", "scope", "key", name=op.f("uq_core_idempotency_keys_tenant_id_scope_key")),
    )
    with op.batch_alter_table("core_idempotency_keys", schema=None) as batch_op:
        batch_op.create_index("ix_core_idempotency_keys_expiry", ["tenant_id", "expires_at"], unique=False)
    secure_tenant_tables(op, ["core_idempotency_keys"])


def downgrade() -> None:
    op.drop_table("core_idempotency_keys")
