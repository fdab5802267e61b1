"""Tables of the orders domain: orders with snapshotted lines, their history, shipments with their tracking
events, and the per-tenant daily counter behind human order numbers.

Lines copy what was bought (names in both locales, SKU, options, image, prices) so that later catalog
edits never rewrite an order. Amounts are integer fen; CHECK constraints keep totals non-negative
and refunds within what was paid, so a bug can fail a transaction but never corrupt money.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Order(Base):
    __tablename__ = "orders_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_orders_orders_customer", "tenant_id", "customer_id", "id"),
        Index("ix_orders_orders_status", "tenant_id", "status", "id"),
        Index("ix_orders_orders_expiry", "tenant_id", "status", "expires_at"),
        Index("ix_orders_orders_pickup_code", "tenant_id", "pickup_code"),
        CheckConstraint("subtotal >= 0", name="subtotal_not_negative"),
        CheckConstraint("discount >= 0 AND discount <= subtotal", name="discount_within_subtotal"),
        CheckConstraint("shipping_fee >= 0", name="shipping_fee_not_negative"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("paid_amount >= 0 AND paid_amount <= total", name="paid_within_total"),
        CheckConstraint("refunded_amount >= 0 AND refunded_amount <= paid_amount", name="refunded_within_paid"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    number: Mapped[str] = mapped_column(String(24))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    channel: Mapped[str] = mapped_column(String(40), default="online")
    status: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    subtotal: Mapped[int] = mapped_column(AMOUNT)
    discount: Mapped[int] = mapped_column(AMOUNT, default=0)
    shipping_fee: Mapped[int] = mapped_column(AMOUNT, default=0)
    total: Mapped[int] = mapped_column(AMOUNT)
    paid_amount: Mapped[int] = mapped_column(AMOUNT, default=0)
    refunded_amount: Mapped[int] = mapped_column(AMOUNT, default=0)
    adjustments: Mapped[list[Any]]
    delivery_method: Mapped[str] = mapped_column(String(16))
    shipping_address: Mapped[dict[str, Any] | None]
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    pickup_location_id: Mapped[str | None] = mapped_column(String(36))
    pickup_code: Mapped[str | None] = mapped_column(String(12))
    # Who holds the goods back (a group-buy's group until it fills): shipping and pickup refuse while set.
    fulfilment_hold: Mapped[str | None] = mapped_column(String(60))
    fulfilment_location_ids: Mapped[list[Any]]
    reservation_reference: Mapped[str] = mapped_column(String(100))
    payment_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrderLine(Base):
    __tablename__ = "orders_order_lines"
    __table_args__ = (
        Index("ix_orders_order_lines_order", "tenant_id", "order_id", "position"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("discount >= 0", name="discount_not_negative"),
        CheckConstraint("line_total >= 0", name="line_total_not_negative"),
        CheckConstraint("shipped_quantity >= 0 AND shipped_quantity <= quantity", name="shipped_within_quantity"),
        CheckConstraint("refunded_quantity >= 0 AND refunded_quantity <= quantity", name="refunded_qty_within"),
        CheckConstraint("refunded_amount >= 0 AND refunded_amount <= line_total", name="refunded_within_line"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("orders_orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    variant_id: Mapped[str] = mapped_column(String(36))
    product_id: Mapped[str] = mapped_column(String(36))
    sku: Mapped[str] = mapped_column(String(255))
    name: Mapped[dict[str, Any]]
    title: Mapped[str] = mapped_column(String(200), default="")
    options: Mapped[list[Any]]
    image: Mapped[str | None] = mapped_column(String(500))
    unit_price: Mapped[int] = mapped_column(AMOUNT)
    quantity: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(AMOUNT, default=0)
    line_total: Mapped[int] = mapped_column(AMOUNT)
    location_id: Mapped[str | None] = mapped_column(String(36))
    shipped_quantity: Mapped[int] = mapped_column(Integer, default=0)
    refunded_quantity: Mapped[int] = mapped_column(Integer, default=0)
    refunded_amount: Mapped[int] = mapped_column(AMOUNT, default=0)


class OrderEvent(Base):
    """The order's history: every status transition, note and address change, who did it and when."""

    __tablename__ = "orders_order_events"
    __table_args__ = (Index("ix_orders_order_events_order", "tenant_id", "order_id", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("orders_orders.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # transition | note | address
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(String(1000))
    at: Mapped[datetime]


class Shipment(Base):
    __tablename__ = "orders_shipments"
    __table_args__ = (Index("ix_orders_shipments_order", "tenant_id", "order_id", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("orders_orders.id", ondelete="CASCADE"))
    carrier: Mapped[str] = mapped_column(String(60))
    tracking_number: Mapped[str] = mapped_column(String(80))
    lines: Mapped[list[Any]]  # [{"line_id", "quantity"}]
    status: Mapped[str] = mapped_column(String(16))  # shipped | delivered
    shipped_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    # Where the tracking provider last said the parcel is (``tracking.base.TrackingState``); None: not heard.
    tracking_state: Mapped[str | None] = mapped_column(String(16))


class TrackingEvent(Base):
    """One checkpoint of a parcel's timeline (物流轨迹), as the tracking provider reported it. A provider
    repeats earlier checkpoints in every update, so each is stored once per shipment (its fingerprint)."""

    __tablename__ = "orders_tracking_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "shipment_id", "fingerprint"),
        Index("ix_orders_tracking_events_shipment", "tenant_id", "shipment_id", "at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    shipment_id: Mapped[str] = mapped_column(ForeignKey("orders_shipments.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    description: Mapped[str] = mapped_column(String(500))
    area: Mapped[str | None] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]


class Counter(Base):
    """A per-tenant counter (``order:20261125``), bumped with one upsert so numbers never collide and
    never reveal another tenant's volume."""

    __tablename__ = "orders_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
