"""Supply: suppliers and their items, purchase orders with lines, receipts and returns with their cost, forecast
runs and their points.

Revision ID: 0035_supply
Revises: 0001_core_identity (supply's tables name no other domain's table)
Create Date: 2026-11-30 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0035_supply"
down_revision: str | Sequence[str] | None = "0001_core_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "supply_suppliers",
    "supply_supplier_items",
    "supply_purchase_orders",
    "supply_purchase_order_lines",
    "supply_receipts",
    "supply_receipt_lines",
    "supply_forecast_runs",
    "supply_forecasts",
]
AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _base(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _parent(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=op.f(f"fk_{table}_{column}_{parent}"), ondelete="CASCADE"
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    at = shoal.core.db.UTCDateTime(timezone=True)
    _purchasing(at)
    _receipts(at)
    _forecasts(at)
    secure_tenant_tables(op, TABLES)


def _purchasing(at: sa.types.TypeEngine) -> None:
    op.create_table(
        "supply_suppliers",
        *_base("supply_suppliers"),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("payment_terms", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("updated_at", at, nullable=False),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_supply_suppliers_tenant_id_code")),
    )
    t = "supply_supplier_items"
    op.create_table(
        t,
        *_base(t),
        sa.Column("supplier_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("supplier_sku", sa.String(length=100), nullable=True),
        sa.Column("cost_price", AMOUNT, nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("min_order_quantity", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("created_at", at, nullable=False),
        _parent(t, "supplier_id", "supply_suppliers"),
        sa.UniqueConstraint(
            "tenant_id",
            "supplier_id",
            "variant_id",
            name=op.f("uq_supply_supplier_items_tenant_id_supplier_id_variant_id"),
        ),
        _check(t, "pack_size_positive", "pack_size >= 1"),
        _check(t, "moq_positive", "min_order_quantity >= 1"),
        _check(t, "lead_time_not_negative", "lead_time_days >= 0"),
    )
    op.create_index("ix_supply_supplier_items_variant", t, ["tenant_id", "variant_id"])
    t = "supply_purchase_orders"
    op.create_table(
        t,
        *_base(t),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("supplier_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", at, nullable=False),
        sa.Column("updated_at", at, nullable=False),
        sa.Column("sent_at", at, nullable=True),
        sa.Column("closed_at", at, nullable=True),
        _parent(t, "supplier_id", "supply_suppliers"),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_supply_purchase_orders_tenant_id_number")),
    )
    op.create_index("ix_supply_purchase_orders_status", t, ["tenant_id", "status", "id"])
    op.create_index("ix_supply_purchase_orders_supplier", t, ["tenant_id", "supplier_id", "id"])
    t = "supply_purchase_order_lines"
    op.create_table(
        t,
        *_base(t),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", AMOUNT, nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        _parent(t, "order_id", "supply_purchase_orders"),
        sa.UniqueConstraint(
            "tenant_id",
            "order_id",
            "variant_id",
            name=op.f("uq_supply_purchase_order_lines_tenant_id_order_id_variant_id"),
        ),
        _check(t, "quantity_positive", "quantity > 0"),
        _check(t, "unit_cost_not_negative", "unit_cost >= 0"),
        _check(t, "received_not_negative", "received >= 0"),
        _check(t, "returned_within_received", "returned >= 0 AND returned <= received"),
    )


def _receipts(at: sa.types.TypeEngine) -> None:
    t = "supply_receipts"
    op.create_table(
        t,
        *_base(t),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("total_cost", AMOUNT, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("at", at, nullable=False),
        _parent(t, "order_id", "supply_purchase_orders"),
    )
    op.create_index("ix_supply_receipts_order", t, ["tenant_id", "order_id", "id"])
    t = "supply_receipt_lines"
    op.create_table(
        t,
        *_base(t),
        sa.Column("receipt_id", sa.String(length=36), nullable=False),
        sa.Column("line_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", AMOUNT, nullable=False),
        sa.Column("line_cost", AMOUNT, nullable=False),
        _parent(t, "receipt_id", "supply_receipts"),
        _parent(t, "line_id", "supply_purchase_order_lines"),
        _check(t, "quantity_positive", "quantity > 0"),
    )
    op.create_index("ix_supply_receipt_lines_receipt", t, ["tenant_id", "receipt_id"])


def _forecasts(at: sa.types.TypeEngine) -> None:
    t = "supply_forecast_runs"
    op.create_table(
        t,
        *_base(t),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("frequency", sa.String(length=8), nullable=False),
        sa.Column("horizon", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", at, nullable=False),
        sa.Column("finished_at", at, nullable=True),
    )
    op.create_index("ix_supply_forecast_runs_created", t, ["tenant_id", "created_at"])
    t = "supply_forecasts"
    op.create_table(
        t,
        *_base(t),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("variant_id", sa.String(length=36), nullable=False),
        sa.Column("location_id", sa.String(length=36), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("forecast", sa.Float(), nullable=False),
        sa.Column("lo80", sa.Float(), nullable=False),
        sa.Column("hi80", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("error_sd", sa.Float(), nullable=False),
        _parent(t, "run_id", "supply_forecast_runs"),
        sa.UniqueConstraint(
            "tenant_id", "run_id", "variant_id", "location_id", "period", name="uq_supply_forecasts_point"
        ),
    )
    op.create_index("ix_supply_forecasts_series", t, ["tenant_id", "variant_id", "location_id", "run_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
