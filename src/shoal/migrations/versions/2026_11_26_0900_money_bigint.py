"""Money columns become 64-bit: 32-bit integers end at ¥21,474,836.47, which one large order passes.

A merge revision: it joins the branches whose tables hold money (catalog, orders and payments, checkout,
after-sales, marketing). On PostgreSQL each table is altered in one statement (one rewrite per table),
keeping every value. SQLite's INTEGER already stores 64 bits and the models declare INTEGER there, so
nothing changes on SQLite.

Revision ID: 0017_money_bigint
Revises: 0002_catalog, 0008_payments, 0009_checkout, 0011_aftersales, 0013_marketing_ledger
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017_money_bigint"
down_revision: str | Sequence[str] | None = (
    "0002_catalog",
    "0008_payments",
    "0009_checkout",
    "0011_aftersales",
    "0013_marketing_ledger",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "catalog_products": ("price_min",),
    "catalog_variants": ("price", "compare_at_price"),
    "catalog_channel_prices": ("price",),
    "checkout_shipping_templates": ("first_fee", "additional_fee", "free_over"),
    "orders_orders": ("subtotal", "discount", "shipping_fee", "total", "paid_amount", "refunded_amount"),
    "orders_order_lines": ("unit_price", "discount", "line_total", "refunded_amount"),
    "payments_payments": ("amount", "refunded_amount"),
    "payments_notifications": ("amount",),
    "payments_refunds": ("amount",),
    "aftersales_cases": ("refund_amount",),
    "marketing_promotions": ("budget", "budget_used"),
    "marketing_redemptions": ("discount", "order_total"),
}


def _retype(sql_type: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in MONEY_COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {column} TYPE {sql_type}" for column in columns)
        op.execute(f"ALTER TABLE {table} {changes}")


def upgrade() -> None:
    _retype("BIGINT")


def downgrade() -> None:
    """Back to 32 bits: fails (and changes nothing) if any stored amount no longer fits."""
    _retype("INTEGER")
