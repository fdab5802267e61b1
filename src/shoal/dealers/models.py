"""Tables of the dealer network (分销伙伴 / 零售网点).

A dealer is a company bound to a region, with its own staff accounts and sign-in sessions, a price list,
a credit account and an inventory location of kind ``dealer``. Every dealer-owned row carries
``dealer_id`` after ``tenant_id``: that is what ``dealers.scope`` filters on. Credit moves with guarded
statements on ``dealers.credit_used`` beside an append-only ledger whose unique key makes each hold and
release happen once; rebates are a ledger unique per dealer and period.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Dealer(Base):
    __tablename__ = "dealers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint("credit_used >= 0", name="credit_used_not_negative"),
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        CheckConstraint("discount_bps >= 0 AND discount_bps <= 10000", name="discount_within_list"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(40))  # the province's full name (customers.regions)
    region_code: Mapped[str] = mapped_column(String(12))
    location_id: Mapped[str] = mapped_column(String(36))  # its inventory location (kind dealer)
    price_list: Mapped[str | None] = mapped_column(String(60))  # channel prices of ``dealer:<price_list>``
    discount_bps: Mapped[int] = mapped_column(Integer, default=0)  # off list where the price list has no price
    credit_limit: Mapped[int] = mapped_column(AMOUNT, default=0)
    credit_used: Mapped[int] = mapped_column(AMOUNT, default=0)
    payment_terms: Mapped[str] = mapped_column(String(10), default="prepaid")  # prepaid | net
    terms_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | suspended
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DealerUser(Base):
    """A dealer's staff member: signs in at the dealer portal and gets a dealer token."""

    __tablename__ = "dealer_users"
    __table_args__ = (UniqueConstraint("tenant_id", "email"), Index("ix_dealer_users_dealer", "tenant_id", "dealer_id"))

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime]


class DealerSession(Base):
    """One sign-in of a dealer's staff member (``identity.sessions`` issues and rotates it)."""

    __tablename__ = "dealer_sessions"
    __table_args__ = (UniqueConstraint("tenant_id", "refresh_digest"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("dealer_users.id", ondelete="CASCADE"))
    refresh_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SkuTerms(Base):
    """A SKU dealers may order, with its minimum order quantity and case pack (the brand's assortment)."""

    __tablename__ = "dealer_sku_terms"
    __table_args__ = (
        UniqueConstraint("tenant_id", "variant_id"),
        CheckConstraint("moq >= 1", name="moq_positive"),
        CheckConstraint("case_pack >= 1", name="case_pack_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    variant_id: Mapped[str] = mapped_column(String(36))
    moq: Mapped[int] = mapped_column(Integer, default=1)
    case_pack: Mapped[int] = mapped_column(Integer, default=1)


class DealerOrder(Base):
    """A B2B order: placed -> approved -> shipped -> invoiced, or rejected. Payment is ``account`` (credit
    held at placing, released when the brand records the payment) or ``transfer`` (paid before shipping)."""

    __tablename__ = "dealer_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_dealer_orders_dealer", "tenant_id", "dealer_id", "id"),
        Index("ix_dealer_orders_status", "tenant_id", "status", "id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))
    payment: Mapped[str] = mapped_column(String(10))  # account | transfer
    payment_status: Mapped[str] = mapped_column(String(20))  # on_account | awaiting_transfer | paid | void
    total: Mapped[int] = mapped_column(AMOUNT)
    note: Mapped[str | None] = mapped_column(String(200))
    transfer_id: Mapped[str | None] = mapped_column(String(36))  # inventory's transfer that ships it
    invoice_number: Mapped[str | None] = mapped_column(String(32))
    due_at: Mapped[datetime | None]
    placed_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    approved_at: Mapped[datetime | None]
    shipped_at: Mapped[datetime | None]
    invoiced_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]


class DealerOrderLine(Base):
    __tablename__ = "dealer_order_lines"
    __table_args__ = (Index("ix_dealer_order_lines_order", "tenant_id", "order_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(ForeignKey("dealer_orders.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    sku: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(AMOUNT)
    amount: Mapped[int] = mapped_column(AMOUNT)


class CreditEntry(Base):
    """One move of a dealer's used credit (``hold`` +, ``release`` -), once per order and kind. Append-only:
    ``dealers.credit_used`` always equals the sum of its dealer's entries."""

    __tablename__ = "dealer_credit_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id", "kind"),
        Index("ix_dealer_credit_entries_dealer", "tenant_id", "dealer_id", "id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    order_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(10))  # hold | release
    amount: Mapped[int] = mapped_column(AMOUNT)  # signed
    at: Mapped[datetime]


class DealerCustomer(Base):
    """A dealer's own shopper or store (零售网点), known only to that dealer."""

    __tablename__ = "dealer_customers"
    __table_args__ = (Index("ix_dealer_customers_dealer", "tenant_id", "dealer_id", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # shopper | store
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]


class SellThrough(Base):
    """A sale the dealer reports to its own customer; unique by the dealer's reference, so reporting it
    again records nothing twice and takes no stock twice."""

    __tablename__ = "dealer_sales"
    __table_args__ = (UniqueConstraint("tenant_id", "dealer_id", "reference"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    lines: Mapped[list[Any]]  # [{variant_id, sku, quantity, amount}]
    total: Mapped[int] = mapped_column(AMOUNT)
    sold_at: Mapped[datetime]


class RebateTier(Base):
    """Volume rebate: a dealer whose invoiced volume in a period reaches ``min_volume`` earns ``rate_bps``."""

    __tablename__ = "dealer_rebate_tiers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "min_volume"),
        CheckConstraint("rate_bps > 0 AND rate_bps <= 10000", name="rate_bps_in_range"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    min_volume: Mapped[int] = mapped_column(AMOUNT)
    rate_bps: Mapped[int] = mapped_column(Integer)


class RebatePeriod(Base):
    """A month whose rebates are settled: claimed first by the settling job, so a month is settled once (its
    volume is final once it ended: orders are invoiced at the time of invoicing) and later runs cost nothing."""

    __tablename__ = "dealer_rebate_periods"
    __table_args__ = (UniqueConstraint("tenant_id", "period"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    period: Mapped[str] = mapped_column(String(7))
    settled_at: Mapped[datetime]


class RebateEntry(Base):
    """A dealer's rebate for one period (``YYYY-MM``), written once by the settling job."""

    __tablename__ = "dealer_rebate_entries"
    __table_args__ = (UniqueConstraint("tenant_id", "dealer_id", "period"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    dealer_id: Mapped[str] = mapped_column(ForeignKey("dealers.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    volume: Mapped[int] = mapped_column(AMOUNT)
    rate_bps: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(AMOUNT)
    settled_at: Mapped[datetime]
