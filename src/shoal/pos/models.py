"""Tables of in-store selling (POS): shifts, sales and till returns.

A sale row is claimed first, by the client's ``sale_id`` under a unique key, in the transaction that sells: two
uploads of one sale (a till retrying, or the same queue sent twice in parallel) make one row, and the loser
answers the winner's sale. The order the sale made lives in the orders domain (channel ``store``); the sale keeps
what the till and the reports need (lines, tenders, change) so that neither reads the orders tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Shift(Base):
    """A clerk's shift at one store: open -> closed. ``open_key`` is the clerk's id while open and NULL after, so
    the unique key allows one open shift per clerk (NULLs never collide, on both databases)."""

    __tablename__ = "pos_shifts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "open_key"),
        Index("ix_pos_shifts_location", "tenant_id", "location_id", "opened_at"),
        CheckConstraint("opening_float >= 0", name="float_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    location_id: Mapped[str] = mapped_column(String(36))
    clerk_id: Mapped[str] = mapped_column(String(36))
    open_key: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    opening_float: Mapped[int] = mapped_column(AMOUNT)
    counted_cash: Mapped[int | None] = mapped_column(AMOUNT)
    expected_cash: Mapped[int | None] = mapped_column(AMOUNT)
    difference: Mapped[int | None] = mapped_column(AMOUNT)  # counted - expected: negative is cash missing
    takings: Mapped[dict[str, Any]]  # method -> net fen, fixed at close
    note: Mapped[str | None] = mapped_column(String(500))
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class Sale(Base):
    """One sale at a till: completed (an order, paid and handed over), flagged (recorded, waiting for staff:
    an offline sale that found no stock on upload), paying (its payment code being taken, no transaction open) or
    refused (its code not paid: its order cancelled, nothing sold). ``request`` keeps what the till sent, so staff
    can complete a flagged sale once the stock is put right."""

    __tablename__ = "pos_sales"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sale_id"),
        Index("ix_pos_sales_location", "tenant_id", "location_id", "recorded_at"),
        Index("ix_pos_sales_shift", "tenant_id", "shift_id"),
        Index("ix_pos_sales_status", "tenant_id", "status", "recorded_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    sale_id: Mapped[str] = mapped_column(String(64))
    location_id: Mapped[str] = mapped_column(String(36))
    shift_id: Mapped[str] = mapped_column(String(36))
    clerk_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12))  # completed | flagged | paying | refused
    flag_reason: Mapped[str | None] = mapped_column(String(40))
    offline: Mapped[bool] = mapped_column(Boolean)
    order_id: Mapped[str | None] = mapped_column(String(36))
    order_number: Mapped[str | None] = mapped_column(String(24))
    subtotal: Mapped[int] = mapped_column(AMOUNT, default=0)
    discount: Mapped[int] = mapped_column(AMOUNT, default=0)
    total: Mapped[int] = mapped_column(AMOUNT, default=0)
    refunded: Mapped[int] = mapped_column(AMOUNT, default=0)
    cash_tendered: Mapped[int] = mapped_column(AMOUNT, default=0)
    change_given: Mapped[int] = mapped_column(AMOUNT, default=0)
    tenders: Mapped[list[Any]]  # [{"method", "amount"}]: what each method took (cash net of change)
    lines: Mapped[list[Any]]  # [{"variant_id", "sku", "name", "quantity", "unit_price", "total"}]
    request: Mapped[dict[str, Any]]
    sold_at: Mapped[datetime]  # the till's clock (offline sales upload later)
    recorded_at: Mapped[datetime]

    @property
    def basket(self) -> list[Any]:
        """The codes and quantities the till sent: what a flagged sale sold, before it has order lines."""
        return list(self.request.get("lines", []))


class SaleReturn(Base):
    """Goods brought back to a till against an earlier store sale, refunded to the sale's own methods."""

    __tablename__ = "pos_returns"
    __table_args__ = (
        UniqueConstraint("tenant_id", "return_id"),
        Index("ix_pos_returns_sale", "tenant_id", "sale_pk"),
        Index("ix_pos_returns_shift", "tenant_id", "shift_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    return_id: Mapped[str] = mapped_column(String(64))
    sale_pk: Mapped[str] = mapped_column(String(36))
    shift_id: Mapped[str] = mapped_column(String(36))
    clerk_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    refunds: Mapped[list[Any]]  # [{"method", "amount"}]
    lines: Mapped[list[Any]]  # [{"line_id", "sku", "quantity", "amount"}]
    created_at: Mapped[datetime]
