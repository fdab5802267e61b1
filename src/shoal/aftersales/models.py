"""After-sales cases, their lines, their history, and per-order-line claims.

A claim row counts the units of an order line that open or finished cases hold, so two concurrent
requests can never both take the last unit (one guarded UPDATE decides). Orders are another domain:
``order_id`` and ``order_line_id`` are plain strings, never foreign keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class AfterSale(Base):
    __tablename__ = "aftersales_cases"
    __table_args__ = (
        Index("ix_aftersales_cases_order", "tenant_id", "order_id"),
        Index("ix_aftersales_cases_created", "tenant_id", "created_at", "id"),
        CheckConstraint("refund_amount >= 0", name="refund_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    order_number: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500), default="")
    photos: Mapped[list[Any]]
    refund_amount: Mapped[int] = mapped_column(AMOUNT, default=0)
    refund_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    return_location_id: Mapped[str | None] = mapped_column(String(36))
    refund_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AfterSaleLine(Base):
    __tablename__ = "aftersales_lines"
    __table_args__ = (
        Index("ix_aftersales_lines_case", "tenant_id", "after_sale_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    after_sale_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id", ondelete="CASCADE"))
    order_line_id: Mapped[str] = mapped_column(String(36))
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    replacement_variant_id: Mapped[str | None] = mapped_column(String(36))


class AfterSaleEvent(Base):
    __tablename__ = "aftersales_events"
    __table_args__ = (Index("ix_aftersales_events_case", "tenant_id", "after_sale_id", "at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    after_sale_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime]


class LineClaim(Base):
    __tablename__ = "aftersales_line_claims"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_line_id"),
        CheckConstraint("claimed >= 0 AND claimed <= line_quantity", name="claimed_within_line"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_line_id: Mapped[str] = mapped_column(String(36))
    line_quantity: Mapped[int] = mapped_column(Integer)
    claimed: Mapped[int] = mapped_column(Integer, default=0)
