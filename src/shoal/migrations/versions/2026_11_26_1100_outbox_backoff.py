"""Outbox back-off and leases: events are retried after a growing delay forever, and claimed by one worker.

``next_attempt_at`` says when an event is due (existing events: when they were written, so pending ones
stay due at once); ``claimed_until`` is the lease of the worker delivering it. Events that the old
dispatcher had given up after ten failures become due again, so a refund stuck since is finally made.
The pending index now orders by due time.

Revision ID: 0016_outbox_backoff
Revises: 0005_idempotency
Create Date: 2026-11-26 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db

revision: str = "0016_outbox_backoff"
down_revision: str | Sequence[str] | None = "0005_idempotency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("core_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", shoal.core.db.UTCDateTime(timezone=True), nullable=True))
    _for_every_tenant("UPDATE core_outbox SET next_attempt_at = created_at")
    with op.batch_alter_table("core_outbox", schema=None) as batch_op:
        batch_op.alter_column("next_attempt_at", existing_type=shoal.core.db.UTCDateTime(timezone=True), nullable=False)
        batch_op.drop_index("ix_core_outbox_pending")
        batch_op.create_index("ix_core_outbox_due", ["tenant_id", "dispatched_at", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("core_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_core_outbox_due")
        batch_op.create_index("ix_core_outbox_pending", ["tenant_id", "dispatched_at", "created_at"], unique=False)
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("next_attempt_at")


def _for_every_tenant(statement: str) -> None:
    """Row-level security is forced on the table, even for its owner: lift it for this one statement, or a
    migration run by the owner (not a superuser) would see no tenant's rows."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("ALTER TABLE core_outbox NO FORCE ROW LEVEL SECURITY")
    op.execute(statement)
    if postgres:
        op.execute("ALTER TABLE core_outbox FORCE ROW LEVEL SECURITY")
