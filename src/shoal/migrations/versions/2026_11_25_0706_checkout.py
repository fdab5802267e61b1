"""Checkout: carts, cart lines and shipping templates.

Revision ID: 0009_checkout
Revises: 0007_orders
Create Date: 2026-11-25 07:06:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0009_checkout"
down_revision: str | Sequence[str] | None = "0007_orders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkout_carts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_checkout_carts_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_carts")),
    )
    op.create_table(
        "checkout_cart_lines",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("cart_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_checkout_cart_lines_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["cart_id"],
            ["checkout_carts.id"],
            name=op.f("fk_checkout_cart_lines_cart_id_checkout_carts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_checkout_cart_lines_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_cart_lines")),
        sa.UniqueConstraint(
            "tenant_id", "cart_id", "variant_id", name=op.f("uq_checkout_cart_lines_tenant_id_cart_id_variant_id")
        ),
    )
    op.create_table(
        "checkout_shipping_templates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("first_units", sa.Integer(), nullable=False),
        sa.Column("first_fee", sa.Integer(), nullable=False),
        sa.Column("additional_units", sa.Integer(), nullable=False),
        sa.Column("additional_fee", sa.Integer(), nullable=False),
        sa.Column("free_over", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=True),
        sa.Column("radius_metres", sa.Integer(), nullable=False),
        sa.Column("bands", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "first_fee >= 0 AND additional_fee >= 0", name=op.f("ck_checkout_shipping_templates_fees_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_checkout_shipping_templates_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_shipping_templates")),
    )
    op.create_index(
        "ix_checkout_carts_customer", "checkout_carts", ["tenant_id", "customer_id", "status"], unique=False
    )
    op.create_index(
        "ix_checkout_shipping_templates_active",
        "checkout_shipping_templates",
        ["tenant_id", "active", "priority"],
        unique=False,
    )
    secure_tenant_tables(op, ["checkout_carts", "checkout_cart_lines", "checkout_shipping_templates"])


def downgrade() -> None:
    op.drop_table("checkout_shipping_templates")
    op.drop_table("checkout_cart_lines")
    op.drop_table("checkout_carts")
