"""Tables of checkout: carts and their lines, and the tenant's shipping templates.

A cart stores only what the shopper chose (variant and quantity); prices are never stored here but
computed by the pricing pipeline on every read, so a cart always shows today's price.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Cart(Base):
    __tablename__ = "checkout_carts"
    __table_args__ = (Index("ix_checkout_carts_customer", "tenant_id", "customer_id", "status"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str | None] = mapped_column(String(36))  # None: anonymous, addressed by its id
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | checked_out | merged
    # "cart": the shopper's cart, found by customer on any device; "buy_now": one product bought at once
    # (立即购买), checked out alone so the cart keeps its lines.
    purpose: Mapped[str] = mapped_column(String(16), default="cart", server_default="cart")
    channel: Mapped[str] = mapped_column(String(40), default="online")
    order_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CartLine(Base):
    __tablename__ = "checkout_cart_lines"
    __table_args__ = (
        UniqueConstraint("tenant_id", "cart_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    cart_id: Mapped[str] = mapped_column(ForeignKey("checkout_carts.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class ShippingTemplate(Base):
    """How much delivery costs: express ``by_weight``/``per_piece`` per region list, or ``same_city``
    from one store by distance band within a radius (see ``shipping.py``)."""

    __tablename__ = "checkout_shipping_templates"
    __table_args__ = (
        Index("ix_checkout_shipping_templates_active", "tenant_id", "active", "priority"),
        CheckConstraint("first_fee >= 0 AND additional_fee >= 0", name="fees_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(120))
    mode: Mapped[str] = mapped_column(String(16))
    regions: Mapped[list[Any]]
    first_units: Mapped[int] = mapped_column(Integer, default=0)
    first_fee: Mapped[int] = mapped_column(AMOUNT, default=0)
    additional_units: Mapped[int] = mapped_column(Integer, default=1)
    additional_fee: Mapped[int] = mapped_column(AMOUNT, default=0)
    free_over: Mapped[int | None] = mapped_column(AMOUNT)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    location_id: Mapped[str | None] = mapped_column(String(36))
    radius_metres: Mapped[int] = mapped_column(Integer, default=0)
    bands: Mapped[list[Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
