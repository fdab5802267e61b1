"""Tables of flash sales. The sale's units are counted in sharded buckets (``units_left`` per shard, never
negative), so a crowd's guarded decrements spread over several rows instead of queueing on one; a shopper's
count per SKU is one row whose guarded upsert is the per-shopper limit; each admitted order is one row that
changes state once (admitted -> paid | returned)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class FlashSale(Base):
    """One session (场次) of a flash sale: draft -> published -> ended."""

    __tablename__ = "flash_sales"
    __table_args__ = (Index("ix_flash_sales_status", "tenant_id", "status", "starts_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(100))
    location_id: Mapped[str] = mapped_column(String(36))  # the inventory location the units are carved from
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    payment_minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class FlashSaleItem(Base):
    __tablename__ = "flash_sale_items"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sale_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("per_shopper_limit > 0", name="limit_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    sale_id: Mapped[str] = mapped_column(ForeignKey("flash_sales.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    flash_price: Mapped[int] = mapped_column(AMOUNT)
    quantity: Mapped[int] = mapped_column(Integer)  # carved out of the location's stock at publishing
    per_shopper_limit: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class FlashSaleBucket(Base):
    __tablename__ = "flash_sale_buckets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "item_id", "shard"),
        CheckConstraint("units_left >= 0", name="units_left_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    item_id: Mapped[str] = mapped_column(ForeignKey("flash_sale_items.id", ondelete="CASCADE"))
    shard: Mapped[int] = mapped_column(Integer)
    units_left: Mapped[int] = mapped_column(Integer)


class FlashSaleShopper(Base):
    """How many units of one SKU a shopper holds in live or paid flash orders (the limit's guard)."""

    __tablename__ = "flash_sale_shoppers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "item_id", "customer_id"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    item_id: Mapped[str] = mapped_column(ForeignKey("flash_sale_items.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)


class FlashSaleOrder(Base):
    """An admitted buyer's order: admitted -> paid, or -> returned (its units went back to the sale)."""

    __tablename__ = "flash_sale_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id"),
        Index("ix_flash_sale_orders_due", "tenant_id", "status", "pay_by"),
        Index("ix_flash_sale_orders_sale", "tenant_id", "sale_id", "status"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    sale_id: Mapped[str] = mapped_column(ForeignKey("flash_sales.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("flash_sale_items.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(36))
    order_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    pay_by: Mapped[datetime]
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]
