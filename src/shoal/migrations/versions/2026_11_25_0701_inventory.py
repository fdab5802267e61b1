"""Inventory: locations, stock, the append-only stock ledger, reservations and transfers.

Revision ID: 0003_inventory
Revises: 0001_core_identity
Create Date: 2026-11-25 07:01:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0003_inventory"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "inventory_locations",
    "inventory_reservations",
    "inventory_ledger",
    "inventory_reservation_lines",
    "inventory_stock",
    "inventory_transfers",
    "inventory_transfer_lines",
]


def upgrade() -> None:
    op.create_table(
        "inventory_locations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_translations", sa.JSON(), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("longitude", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sellable", sa.Boolean(), nullable=False),
        sa.Column("pickup_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inventory_locations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_locations")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_inventory_locations_tenant_id_code")),
    )

    with op.batch_alter_table("inventory_locations", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_locations_kind", ["tenant_id", "kind", "priority"], unique=False)

    op.create_table(
        "inventory_reservations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inventory_reservations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_reservations")),
        sa.UniqueConstraint("tenant_id", "reference", name=op.f("uq_inventory_reservations_tenant_id_reference")),
    )

    with op.batch_alter_table("inventory_reservations", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_reservations_expiry", ["tenant_id", "status", "expires_at"], unique=False)

    op.create_table(
        "inventory_ledger",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("delta_on_hand", sa.Integer(), nullable=False),
        sa.Column("delta_reserved", sa.Integer(), nullable=False),
        sa.Column("on_hand_after", sa.Integer(), nullable=False),
        sa.Column("reserved_after", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_locations.id"],
            name=op.f("fk_inventory_ledger_location_id_inventory_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inventory_ledger_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_ledger")),
    )

    with op.batch_alter_table("inventory_ledger", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_ledger_location", ["tenant_id", "location_id", "id"], unique=False)
        batch_op.create_index(
            "ix_inventory_ledger_stock", ["tenant_id", "variant_id", "location_id", "id"], unique=False
        )

    op.create_table(
        "inventory_reservation_lines",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("reservation_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_locations.id"],
            name=op.f("fk_inventory_reservation_lines_location_id_inventory_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reservation_id"],
            ["inventory_reservations.id"],
            name=op.f("fk_inventory_reservation_lines_reservation_id_inventory_reservations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_inventory_reservation_lines_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_reservation_lines")),
    )

    with op.batch_alter_table("inventory_reservation_lines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inventory_reservation_lines_reservation", ["tenant_id", "reservation_id"], unique=False
        )

    op.create_table(
        "inventory_stock",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_inventory_stock_on_hand_not_negative")),
        sa.CheckConstraint("reserved <= on_hand", name=op.f("ck_inventory_stock_reserved_within_on_hand")),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_inventory_stock_reserved_not_negative")),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["inventory_locations.id"],
            name=op.f("fk_inventory_stock_location_id_inventory_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inventory_stock_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_stock")),
        sa.UniqueConstraint(
            "tenant_id", "variant_id", "location_id", name=op.f("uq_inventory_stock_tenant_id_variant_id_location_id")
        ),
    )

    with op.batch_alter_table("inventory_stock", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_stock_location", ["tenant_id", "location_id", "variant_id"], unique=False)

    op.create_table(
        "inventory_transfers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("source_location_id", sa.String(length=36), nullable=False),
        sa.Column("destination_location_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("shipped_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["destination_location_id"],
            ["inventory_locations.id"],
            name=op.f("fk_inventory_transfers_destination_location_id_inventory_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_location_id"],
            ["inventory_locations.id"],
            name=op.f("fk_inventory_transfers_source_location_id_inventory_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inventory_transfers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_transfers")),
    )

    with op.batch_alter_table("inventory_transfers", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_transfers_status", ["tenant_id", "status", "id"], unique=False)

    op.create_table(
        "inventory_transfer_lines",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("transfer_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_inventory_transfer_lines_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transfer_id"],
            ["inventory_transfers.id"],
            name=op.f("fk_inventory_transfer_lines_transfer_id_inventory_transfers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_transfer_lines")),
    )

    with op.batch_alter_table("inventory_transfer_lines", schema=None) as batch_op:
        batch_op.create_index("ix_inventory_transfer_lines_transfer", ["tenant_id", "transfer_id"], unique=False)

    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    with op.batch_alter_table("inventory_transfer_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_transfer_lines_transfer")

    op.drop_table("inventory_transfer_lines")

    with op.batch_alter_table("inventory_transfers", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_transfers_status")

    op.drop_table("inventory_transfers")

    with op.batch_alter_table("inventory_stock", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_stock_location")

    op.drop_table("inventory_stock")

    with op.batch_alter_table("inventory_reservation_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_reservation_lines_reservation")

    op.drop_table("inventory_reservation_lines")

    with op.batch_alter_table("inventory_ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_ledger_stock")
        batch_op.drop_index("ix_inventory_ledger_location")

    op.drop_table("inventory_ledger")

    with op.batch_alter_table("inventory_reservations", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_reservations_expiry")

    op.drop_table("inventory_reservations")

    with op.batch_alter_table("inventory_locations", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_locations_kind")

    op.drop_table("inventory_locations")
