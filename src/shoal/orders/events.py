"""Facts the orders domain tells others (payments, marketing, analytics, notifications)."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(Event):
    order_id: str
    number: str
    customer_id: str | None
    total: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class OrderPaid(Event):
    order_id: str
    number: str
    payment_id: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class OrderStatusChanged(Event):
    """Every transition, so that notifications and analytics need one subscription."""

    order_id: str
    number: str
    from_status: str
    to_status: str


@dataclass(frozen=True, kw_only=True)
class OrderRefunded(Event):
    order_id: str
    number: str
    amount: int
    refunded_total: int


@dataclass(frozen=True, kw_only=True)
class ShipmentCreated(Event):
    """A parcel left: the tracking provider is asked to watch it (``service_tracking``)."""

    shipment_id: str
    order_id: str
    carrier: str
    tracking_number: str
