"""Tables of the supply domain.

A purchase order's lines count what was received and returned in columns moved only by guarded single
statements (``received + q <= quantity``), backed by CHECKs, so concurrent receipts never count a unit twice.
Each receipt (or return to the supplier) is a row with its lines and their cost: the cost of goods received is
kept per receipt, so margin reports read what was actually paid for what actually arrived.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Supplier(Base):
    """A supplier (供应商) with its contact and payment terms."""

    __tablename__ = "supply_suppliers"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    payment_terms: Mapped[str] = mapped_column(String(20))  # prepaid | on_delivery | net_30 | net_60 | monthly
    note: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SupplierItem(Base):
    """What one supplier sells of one variant: its SKU, cost, pack size, minimum order and lead time."""

    __tablename__ = "supply_supplier_items"
    __table_args__ = (
        UniqueConstraint("tenant_id", "supplier_id", "variant_id"),
        Index("ix_supply_supplier_items_variant", "tenant_id", "variant_id"),
        CheckConstraint("pack_size >= 1", name="pack_size_positive"),
        CheckConstraint("min_order_quantity >= 1", name="moq_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    supplier_id: Mapped[str] = mapped_column(ForeignKey("supply_suppliers.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    supplier_sku: Mapped[str | None] = mapped_column(String(100))
    cost_price: Mapped[int] = mapped_column(AMOUNT)
    pack_size: Mapped[int] = mapped_column(Integer, default=1)
    min_order_quantity: Mapped[int] = mapped_column(Integer, default=1)
    lead_time_days: Mapped[int] = mapped_column(Integer, default=7)
    created_at: Mapped[datetime]


class PurchaseOrder(Base):
    """draft -> sent -> partially_received -> received -> closed, or draft | sent -> cancelled."""

    __tablename__ = "supply_purchase_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_supply_purchase_orders_status", "tenant_id", "status", "id"),
        Index("ix_supply_purchase_orders_supplier", "tenant_id", "supplier_id", "id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    number: Mapped[str] = mapped_column(String(40))
    supplier_id: Mapped[str] = mapped_column(ForeignKey("supply_suppliers.id", ondelete="CASCADE"))
    location_id: Mapped[str] = mapped_column(String(36))  # where the goods arrive (inventory's id)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class PurchaseOrderLine(Base):
    __tablename__ = "supply_purchase_order_lines"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("received >= 0", name="received_not_negative"),
        CheckConstraint("returned >= 0 AND returned <= received", name="returned_within_received"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("supply_purchase_orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(AMOUNT)
    expected_on: Mapped[date | None] = mapped_column(Date)
    received: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)


class Receipt(Base):
    """Goods received against a purchase order (kind ``receipt``) or sent back to its supplier (``return``)."""

    __tablename__ = "supply_receipts"
    __table_args__ = (Index("ix_supply_receipts_order", "tenant_id", "order_id", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("supply_purchase_orders.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    total_cost: Mapped[int] = mapped_column(AMOUNT)
    note: Mapped[str | None] = mapped_column(String(500))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime]


class ReceiptLine(Base):
    __tablename__ = "supply_receipt_lines"
    __table_args__ = (
        Index("ix_supply_receipt_lines_receipt", "tenant_id", "receipt_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    receipt_id: Mapped[str] = mapped_column(ForeignKey("supply_receipts.id", ondelete="CASCADE"))
    line_id: Mapped[str] = mapped_column(ForeignKey("supply_purchase_order_lines.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(AMOUNT)
    line_cost: Mapped[int] = mapped_column(AMOUNT)


class ForecastRun(Base):
    """A background forecast of the shop's paid orders: running -> done | failed, with its progress."""

    __tablename__ = "supply_forecast_runs"
    __table_args__ = (Index("ix_supply_forecast_runs_created", "tenant_id", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    status: Mapped[str] = mapped_column(String(12))
    frequency: Mapped[str] = mapped_column(String(8))  # week | day | mixed (the granularities its series used)
    horizon: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None]
    error: Mapped[dict[str, Any] | None]
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class ForecastPoint(Base):
    """One period's forecast of one SKU at one location, with its 80% interval and the method that made it."""

    __tablename__ = "supply_forecasts"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "run_id", "variant_id", "location_id", "period", name="uq_supply_forecasts_point"
        ),
        Index("ix_supply_forecasts_series", "tenant_id", "variant_id", "location_id", "run_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    run_id: Mapped[str] = mapped_column(ForeignKey("supply_forecast_runs.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(String(36))
    period: Mapped[date] = mapped_column(Date)
    forecast: Mapped[float] = mapped_column(Float)
    lo80: Mapped[float] = mapped_column(Float)
    hi80: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(30))
    error_sd: Mapped[float] = mapped_column(Float)  # spread of the chosen method's backtest errors, per period
    frequency: Mapped[str] = mapped_column(String(8), server_default="week")  # week | day: this series' granularity
