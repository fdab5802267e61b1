"""Shipment tracking: where the provider last said a parcel is, and its timeline (物流轨迹).

``orders_shipments`` gains ``tracking_state`` (empty for existing shipments: nothing was heard yet); their
``carrier`` keeps what was typed before the carrier list, which pages show as it is. The new
``orders_tracking_events`` holds each checkpoint once per shipment (unique fingerprint) and is row-secured.

Revision ID: 0023_shipment_tracking
Revises: 0021_long_skus
Create Date: 2026-11-26 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0023_shipment_tracking"
down_revision: str | Sequence[str] | None = "0021_long_skus"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders_shipments") as batch:
        batch.add_column(sa.Column("tracking_state", sa.String(length=16), nullable=True))
    op.create_table(
        "orders_tracking_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["orders_shipments.id"],
            name=op.f("fk_orders_tracking_events_shipment_id_orders_shipments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_tracking_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_tracking_events")),
        sa.UniqueConstraint(
            "tenant_id",
            "shipment_id",
            "fingerprint",
            name=op.f("uq_orders_tracking_events_tenant_id_shipment_id_fingerprint"),
        ),
    )
    op.create_index(
        "ix_orders_tracking_events_shipment", "orders_tracking_events", ["tenant_id", "shipment_id", "at"], unique=False
    )
    secure_tenant_tables(op, ["orders_tracking_events"])


def downgrade() -> None:
    op.drop_index("ix_orders_tracking_events_shipment", table_name="orders_tracking_events")
    op.drop_table("orders_tracking_events")
    with op.batch_alter_table("orders_shipments") as batch:
        batch.drop_column("tracking_state")
