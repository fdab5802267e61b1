"""Imports: jobs that carry a console import's progress and report.

Revision ID: 0014_import_jobs
Revises: 0001_core_identity
Create Date: 2026-11-25 11:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0014_import_jobs"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imports_jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_imports_jobs_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports_jobs")),
    )
    with op.batch_alter_table("imports_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_imports_jobs_recent", ["tenant_id", "id"], unique=False)

    secure_tenant_tables(op, ["imports_jobs"])


def downgrade() -> None:
    with op.batch_alter_table("imports_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_imports_jobs_recent")
    op.drop_table("imports_jobs")
