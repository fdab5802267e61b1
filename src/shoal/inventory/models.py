"""Tables of the inventory domain.

Stock is one row per (variant, location) holding ``on_hand`` and ``reserved``; the database itself
refuses a negative count or more reserved than on hand (CHECK constraints), so a bug in Python can
fail a transaction but never corrupt stock. Every change also appends a ledger row, which is never
updated or deleted: summing a row's ledger deltas gives its current counts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class Location(Base):
    """A warehouse, store or dealer that holds stock."""

    __tablename__ = "inventory_locations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index("ix_inventory_locations_kind", "tenant_id", "kind", "priority"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))  # warehouse | store | dealer
    name: Mapped[str] = mapped_column(String(200))
    name_translations: Mapped[dict[str, Any]]
    address: Mapped[dict[str, Any]]
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    priority: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sellable: Mapped[bool] = mapped_column(Boolean, default=True)
    pickup_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    opening_hours: Mapped[str | None] = mapped_column(String(200))  # as the shop writes them: 每天 10:00-22:00
    # Region codes (GB/T 2260: province, city or district) whose online orders it may fulfil; see rules.covers.
    coverage: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Stock(Base):
    """What one location holds of one variant. ``variant_id`` is a catalog id (no cross-domain FK)."""

    __tablename__ = "inventory_stock"
    __table_args__ = (
        UniqueConstraint("tenant_id", "variant_id", "location_id"),
        Index("ix_inventory_stock_location", "tenant_id", "location_id", "variant_id"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        CheckConstraint("low_stock_threshold >= 0", name="low_stock_threshold_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    variant_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(ForeignKey("inventory_locations.id", ondelete="CASCADE"))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    # 库存预警: the row is low once its available units fall to this or below; None means no alert.
    low_stock_threshold: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class LedgerEntry(Base):
    """One stock movement, with the counts it left behind. Append-only."""

    __tablename__ = "inventory_ledger"
    __table_args__ = (
        Index("ix_inventory_ledger_stock", "tenant_id", "variant_id", "location_id", "id"),
        Index("ix_inventory_ledger_location", "tenant_id", "location_id", "id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    variant_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(ForeignKey("inventory_locations.id", ondelete="CASCADE"))
    delta_on_hand: Mapped[int] = mapped_column(Integer)
    delta_reserved: Mapped[int] = mapped_column(Integer)
    on_hand_after: Mapped[int] = mapped_column(Integer)
    reserved_after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime]


class Reservation(Base):
    """Stock held for a reference (an order number) until confirmed, released or expired."""

    __tablename__ = "inventory_reservations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference"),
        Index("ix_inventory_reservations_expiry", "tenant_id", "status", "expires_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    reference: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12))  # active | confirmed | released | expired | restocked
    # A hold carved from another active hold (a flash sale's units): released or expired, its units go back to
    # that parent while the parent is active, and to the shelf otherwise.
    parent_id: Mapped[str | None] = mapped_column(String(36))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class ReservationLine(Base):
    __tablename__ = "inventory_reservation_lines"
    __table_args__ = (Index("ix_inventory_reservation_lines_reservation", "tenant_id", "reservation_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    reservation_id: Mapped[str] = mapped_column(ForeignKey("inventory_reservations.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(ForeignKey("inventory_locations.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)


class Transfer(Base):
    """Stock moving between two locations: draft -> in_transit -> received, or draft -> cancelled."""

    __tablename__ = "inventory_transfers"
    __table_args__ = (Index("ix_inventory_transfers_status", "tenant_id", "status", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    source_location_id: Mapped[str] = mapped_column(ForeignKey("inventory_locations.id", ondelete="CASCADE"))
    destination_location_id: Mapped[str] = mapped_column(ForeignKey("inventory_locations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    shipped_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class TransferLine(Base):
    __tablename__ = "inventory_transfer_lines"
    __table_args__ = (Index("ix_inventory_transfer_lines_transfer", "tenant_id", "transfer_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    transfer_id: Mapped[str] = mapped_column(ForeignKey("inventory_transfers.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
