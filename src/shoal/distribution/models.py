"""Tables of distribution. The ledger (``distribution_entries``) is append-only and signed; a promoter's
``balance`` (settled, withdrawable) and ``pending`` are the sums of its settled and pending entries, moved by
the same transaction that writes each entry, with single guarded statements (a withdrawal takes money only
``WHERE balance >= amount``). A clawback may take the balance below zero: it is never capped."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class DistributionSettings(Base):
    """One row per shop; a shop without one uses ``rules.DEFAULT_SETTINGS``."""

    __tablename__ = "distribution_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    terms: Mapped[dict[str, object]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class PromoterLevel(Base):
    __tablename__ = "distribution_levels"
    __table_args__ = (UniqueConstraint("tenant_id", "rank"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(40))
    rank: Mapped[int] = mapped_column(Integer)  # 1 is the entry level


class Promoter(Base):
    """A promoter (分销员): active | suspended. ``code`` is what a shopper types or scans to be bound."""

    __tablename__ = "distribution_promoters"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id"),
        UniqueConstraint("tenant_id", "code"),
        Index("ix_distribution_promoters_inviter", "tenant_id", "inviter_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(12))
    level_id: Mapped[str | None] = mapped_column(String(36))
    inviter_id: Mapped[str | None] = mapped_column(String(36))  # the promoter who invited this one
    store_id: Mapped[str | None] = mapped_column(String(36))  # a clerk's store (a location)
    source: Mapped[str] = mapped_column(String(12))  # application | invitation | appointment
    status: Mapped[str] = mapped_column(String(12))
    balance: Mapped[int] = mapped_column(AMOUNT, default=0)  # Σ settled entries: may be negative
    pending: Mapped[int] = mapped_column(AMOUNT, default=0)  # Σ pending entries
    created_at: Mapped[datetime]


class PromoterApplication(Base):
    """An application: pending -> approved | rejected. One pending application per shopper."""

    __tablename__ = "distribution_applications"
    __table_args__ = (
        Index(
            "uq_distribution_applications_pending",
            "tenant_id",
            "customer_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_distribution_applications_status", "tenant_id", "status", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(60))
    inviter_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(String(200))
    spent: Mapped[int] = mapped_column(AMOUNT, default=0)  # what the shopper had spent when applying
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class Binding(Base):
    """Which promoter a shopper belongs to; changed only by a guarded update (protection, change limit)."""

    __tablename__ = "distribution_bindings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id"),
        Index("ix_distribution_bindings_promoter", "tenant_id", "promoter_id", "bound_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    promoter_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(12))  # link | code | clerk
    bound_at: Mapped[datetime]
    protected_until: Mapped[datetime]
    changes: Mapped[int] = mapped_column(Integer, default=0)


class BindingChange(Base):
    """The binding history: every bind and rebind (a rebind by staff names them and their reason)."""

    __tablename__ = "distribution_binding_changes"
    __table_args__ = (Index("ix_distribution_binding_changes_customer", "tenant_id", "customer_id", "at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    from_promoter_id: Mapped[str | None] = mapped_column(String(36))
    to_promoter_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(12))  # link | code | clerk | staff
    at: Mapped[datetime]
    protected_until: Mapped[datetime | None]
    staff: Mapped[str | None] = mapped_column(String(120))  # who rebound the shopper by hand
    reason: Mapped[str | None] = mapped_column(String(200))


class CommissionRule(Base):
    """A rate for a scope (product, category or the default), for one level or every level (``level_id``
    empty): ``percent`` in basis points of the paid line amount, or ``fixed`` fen per item; tier 2 is the
    promoter's inviter."""

    __tablename__ = "distribution_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "scope", "target_id", "level_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    scope: Mapped[str] = mapped_column(String(10))  # product | category | default
    target_id: Mapped[str] = mapped_column(String(36))  # "" for the default
    level_id: Mapped[str] = mapped_column(String(36))  # "" for every level
    mode: Mapped[str] = mapped_column(String(8))  # percent | fixed
    tier1: Mapped[int] = mapped_column(AMOUNT)
    tier2: Mapped[int] = mapped_column(AMOUNT)
    created_at: Mapped[datetime]


class CommissionOrder(Base):
    """An order that earned commission: pending -> settled. ``refunded`` only grows, by compare-and-set, so a
    refund and the settlement of the same order are serialised on this row."""

    __tablename__ = "distribution_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id"),
        Index("ix_distribution_orders_due", "tenant_id", "status", "settle_after"),
        Index("ix_distribution_orders_promoter", "tenant_id", "promoter_id", "paid_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    number: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[str] = mapped_column(String(36))
    promoter_id: Mapped[str] = mapped_column(String(36))
    inviter_id: Mapped[str | None] = mapped_column(String(36))
    store_id: Mapped[str | None] = mapped_column(String(36))
    paid_amount: Mapped[int] = mapped_column(AMOUNT)
    refunded: Mapped[int] = mapped_column(AMOUNT, default=0)
    commission1: Mapped[int] = mapped_column(AMOUNT)  # as earned at payment
    commission2: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(10))
    paid_at: Mapped[datetime]
    settle_after: Mapped[datetime | None]  # set when the order is received: then + the after-sales window
    settled_at: Mapped[datetime | None]


class CommissionLine(Base):
    """What each order line earned at payment, for the reports by product."""

    __tablename__ = "distribution_lines"
    __table_args__ = (Index("ix_distribution_lines_order", "tenant_id", "order_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    line_id: Mapped[str] = mapped_column(String(36))
    product_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))  # the product's name at payment, in the shop's language
    base: Mapped[int] = mapped_column(AMOUNT)  # the paid line amount after discounts
    tier1: Mapped[int] = mapped_column(AMOUNT)
    tier2: Mapped[int] = mapped_column(AMOUNT)


class LedgerEntry(Base):
    """One signed movement: commission (+, pending), reversal (−, pending: a refund before settlement),
    clawback (−, settled: a refund after it), withdrawal (−, settled), withdrawal_return (+, settled).
    ``key`` is unique, so a redelivered event or a retried job writes nothing twice."""

    __tablename__ = "distribution_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key"),
        Index("ix_distribution_entries_promoter", "tenant_id", "promoter_id", "created_at"),
        Index("ix_distribution_entries_order", "tenant_id", "order_id", "status"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    promoter_id: Mapped[str] = mapped_column(String(36))
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    tier: Mapped[int] = mapped_column(Integer, default=0)  # 1 direct, 2 inviter, 0 not commission
    order_id: Mapped[str | None] = mapped_column(String(36))
    withdrawal_id: Mapped[str | None] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(10))  # pending | settled
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]


class Withdrawal(Base):
    """requested -> processing -> awaiting_confirmation -> paid | failed; requested -> rejected. The amount
    left the balance at the request; rejected and failed give it back once (guarded transition)."""

    __tablename__ = "distribution_withdrawals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "out_bill_no"),
        Index("ix_distribution_withdrawals_status", "tenant_id", "status", "created_at"),
        Index("ix_distribution_withdrawals_promoter", "tenant_id", "promoter_id", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    promoter_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    provider: Mapped[str] = mapped_column(String(20))
    out_bill_no: Mapped[str] = mapped_column(String(32))
    provider_reference: Mapped[str | None] = mapped_column(String(64))
    package_info: Mapped[str | None] = mapped_column(String(1000))  # what the receiver's client confirms with
    status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    settled_at: Mapped[datetime | None]


class WithdrawalDay(Base):
    """What a promoter asked to withdraw on one day: the daily limit is a guarded upsert on this row."""

    __tablename__ = "distribution_withdrawal_days"
    __table_args__ = (UniqueConstraint("tenant_id", "promoter_id", "day"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    promoter_id: Mapped[str] = mapped_column(String(36))
    day: Mapped[date]
    total: Mapped[int] = mapped_column(AMOUNT, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)


TABLES = [
    DistributionSettings, PromoterLevel, Promoter, PromoterApplication, Binding, BindingChange, CommissionRule,
    CommissionOrder, CommissionLine, LedgerEntry, Withdrawal, WithdrawalDay,
]  # fmt: skip
