"""Tables of the points mall (积分商城): items exchanged for points, each exchange, and each shopper's count.

An item is a coupon or a SKU (points, optionally plus cash). Its ``stock`` is taken with a guarded
``UPDATE ... WHERE stock >= 1`` (a CHECK backs it) and a shopper's count with a guarded upsert
(``exchanged < limit``), in the exchange's one transaction with the points spent and the coupon issued or the
SKU's order placed: a refusal anywhere writes nothing. A SKU's exchange is ``ordered`` until its order is
closed unpaid or cancelled, which ``returned`` it (points, stock and count given back once).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class MallItem(Base):
    __tablename__ = "loyalty_mall_items"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("points > 0", name="points_positive"),
        CheckConstraint("(coupon_template_id IS NULL) <> (variant_id IS NULL)", name="coupon_or_sku"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(60))
    coupon_template_id: Mapped[str | None] = mapped_column(String(36))  # what the shopper gets: a coupon of it,
    variant_id: Mapped[str | None] = mapped_column(String(36))  # or this SKU, ordered from ``location_id``
    location_id: Mapped[str | None] = mapped_column(String(36))
    points: Mapped[int] = mapped_column(Integer)
    cash: Mapped[int] = mapped_column(AMOUNT, default=0)  # a SKU's unit price besides the points
    stock: Mapped[int] = mapped_column(Integer)
    per_shopper_limit: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class MallShopper(Base):
    __tablename__ = "loyalty_mall_shoppers"
    __table_args__ = (UniqueConstraint("tenant_id", "item_id", "customer_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    item_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(String(36))
    exchanged: Mapped[int] = mapped_column(Integer)


class MallExchange(Base):
    __tablename__ = "loyalty_mall_exchanges"
    __table_args__ = (
        Index("ix_loyalty_mall_exchanges_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_loyalty_mall_exchanges_order_id", "tenant_id", "order_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    item_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(String(36))
    points: Mapped[int] = mapped_column(Integer)
    cash: Mapped[int] = mapped_column(AMOUNT, default=0)
    coupon_id: Mapped[str | None] = mapped_column(String(36))
    order_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12), default="done")  # done | ordered | returned
    created_at: Mapped[datetime]
