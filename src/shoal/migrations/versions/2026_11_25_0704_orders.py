"""Orders: orders, lines, history, shipments and per-tenant order-number counters.

Revision ID: 0007_orders
Revises: 0001_core_identity
Create Date: 2026-11-25 07:04:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0007_orders"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "orders_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subtotal", sa.Integer(), nullable=False),
        sa.Column("discount", sa.Integer(), nullable=False),
        sa.Column("shipping_fee", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("paid_amount", sa.Integer(), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("adjustments", sa.JSON(), nullable=False),
        sa.Column("delivery_method", sa.String(length=16), nullable=False),
        sa.Column("shipping_address", sa.JSON(), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("pickup_location_id", sa.String(length=36), nullable=True),
        sa.Column("pickup_code", sa.String(length=12), nullable=True),
        sa.Column("fulfilment_location_ids", sa.JSON(), nullable=False),
        sa.Column("reservation_reference", sa.String(length=100), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("expires_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "discount >= 0 AND discount <= subtotal", name=op.f("ck_orders_orders_discount_within_subtotal")
        ),
        sa.CheckConstraint(
            "paid_amount >= 0 AND paid_amount <= total", name=op.f("ck_orders_orders_paid_within_total")
        ),
        sa.CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= paid_amount",
            name=op.f("ck_orders_orders_refunded_within_paid"),
        ),
        sa.CheckConstraint("shipping_fee >= 0", name=op.f("ck_orders_orders_shipping_fee_not_negative")),
        sa.CheckConstraint("subtotal >= 0", name=op.f("ck_orders_orders_subtotal_not_negative")),
        sa.CheckConstraint("total >= 0", name=op.f("ck_orders_orders_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_orders_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_orders")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_orders_orders_tenant_id_number")),
    )
    op.create_table(
        "orders_order_lines",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("image", sa.String(length=500), nullable=True),
        sa.Column("unit_price", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("discount", sa.Integer(), nullable=False),
        sa.Column("line_total", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=True),
        sa.Column("shipped_quantity", sa.Integer(), nullable=False),
        sa.Column("refunded_quantity", sa.Integer(), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.CheckConstraint("discount >= 0", name=op.f("ck_orders_order_lines_discount_not_negative")),
        sa.CheckConstraint("line_total >= 0", name=op.f("ck_orders_order_lines_line_total_not_negative")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_orders_order_lines_quantity_positive")),
        sa.CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= line_total",
            name=op.f("ck_orders_order_lines_refunded_within_line"),
        ),
        sa.CheckConstraint(
            "refunded_quantity >= 0 AND refunded_quantity <= quantity",
            name=op.f("ck_orders_order_lines_refunded_qty_within"),
        ),
        sa.CheckConstraint(
            "shipped_quantity >= 0 AND shipped_quantity <= quantity",
            name=op.f("ck_orders_order_lines_shipped_within_quantity"),
        ),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_orders_order_lines_unit_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders_orders.id"],
            name=op.f("fk_orders_order_lines_order_id_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_order_lines_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_order_lines")),
    )
    op.create_table(
        "orders_order_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders_orders.id"],
            name=op.f("fk_orders_order_events_order_id_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_order_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_order_events")),
    )
    op.create_table(
        "orders_shipments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("carrier", sa.String(length=60), nullable=False),
        sa.Column("tracking_number", sa.String(length=80), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("shipped_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", shoal.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders_orders.id"],
            name=op.f("fk_orders_shipments_order_id_orders_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_shipments_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_shipments")),
    )
    op.create_table(
        "orders_counters",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_orders_counters_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_counters")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_orders_counters_tenant_id_name")),
    )
    op.create_index("ix_orders_orders_customer", "orders_orders", ["tenant_id", "customer_id", "id"], unique=False)
    op.create_index("ix_orders_orders_expiry", "orders_orders", ["tenant_id", "status", "expires_at"], unique=False)
    op.create_index("ix_orders_orders_pickup_code", "orders_orders", ["tenant_id", "pickup_code"], unique=False)
    op.create_index("ix_orders_orders_status", "orders_orders", ["tenant_id", "status", "id"], unique=False)
    op.create_index(
        "ix_orders_order_lines_order", "orders_order_lines", ["tenant_id", "order_id", "position"], unique=False
    )
    op.create_index(
        "ix_orders_order_events_order", "orders_order_events", ["tenant_id", "order_id", "id"], unique=False
    )
    op.create_index("ix_orders_shipments_order", "orders_shipments", ["tenant_id", "order_id", "id"], unique=False)
    secure_tenant_tables(
        op, ["orders_orders", "orders_order_lines", "orders_order_events", "orders_shipments", "orders_counters"]
    )


def downgrade() -> None:
    op.drop_table("orders_counters")
    op.drop_table("orders_shipments")
    op.drop_table("orders_order_events")
    op.drop_table("orders_order_lines")
    op.drop_table("orders_orders")
