"""Payments: payments, notifications received, refunds.

Revision ID: 0008_payments
Revises: 0007_orders
Create Date: 2026-11-25 07:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0008_payments"
down_revision: str | Sequence[str] | None = "0007_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["payments_payments", "payments_notifications", "payments_refunds"]


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
    )


def _payment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["payment_id"],
        ["payments_payments.id"],
        name=op.f(f"fk_{table}_payment_id_payments_payments"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "payments_payments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("transaction_id", sa.String(length=64), nullable=True),
        sa.Column("client_params", sa.JSON(), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_payments_amount_positive")),
        sa.CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= amount",
            name=op.f("ck_payments_payments_refunded_within_amount"),
        ),
        _tenant_fk("payments_payments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_payments")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_payments_payments_tenant_id_number")),
    )
    with op.batch_alter_table("payments_payments", schema=None) as batch_op:
        batch_op.create_index("ix_payments_payments_order", ["tenant_id", "order_id"], unique=False)
        batch_op.create_index("ix_payments_payments_created", ["tenant_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_payments_payments_paid", ["tenant_id", "paid_at"], unique=False)

    op.create_table(
        "payments_notifications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("out_trade_no", sa.String(length=64), nullable=False),
        sa.Column("transaction_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=True),
        sa.Column("provider_state", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("body_digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        _payment_fk("payments_notifications"),
        _tenant_fk("payments_notifications"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_notifications")),
        sa.UniqueConstraint(
            "tenant_id",
            "provider",
            "transaction_id",
            "event",
            "out_trade_no",
            name=op.f("uq_payments_notifications_tenant_id_provider_transaction_id_event_out_trade_no"),
        ),
    )
    with op.batch_alter_table("payments_notifications", schema=None) as batch_op:
        batch_op.create_index("ix_payments_notifications_received", ["tenant_id", "received_at"], unique=False)
        batch_op.create_index(
            "ix_payments_notifications_outcome", ["tenant_id", "outcome", "received_at"], unique=False
        )

    op.create_table(
        "payments_refunds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("out_refund_no", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provider_refund_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_refunds_amount_positive")),
        _payment_fk("payments_refunds"),
        _tenant_fk("payments_refunds"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments_refunds")),
        sa.UniqueConstraint("tenant_id", "out_refund_no", name=op.f("uq_payments_refunds_tenant_id_out_refund_no")),
    )
    with op.batch_alter_table("payments_refunds", schema=None) as batch_op:
        batch_op.create_index("ix_payments_refunds_payment", ["tenant_id", "payment_id"], unique=False)
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
