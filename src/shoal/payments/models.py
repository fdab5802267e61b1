"""Tables of payments: payments (one per attempt to pay an order), the notifications received, refunds.

Orders are another domain: ``order_id`` is a plain string, never a foreign key. CHECK constraints
keep refunds within what was paid, so a bug can fail a transaction but never refund twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Payment(Base):
    __tablename__ = "payments_payments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_payments_payments_order", "tenant_id", "order_id"),
        Index("ix_payments_payments_created", "tenant_id", "created_at", "id"),
        Index("ix_payments_payments_paid", "tenant_id", "paid_at"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("refunded_amount >= 0 AND refunded_amount <= amount", name="refunded_within_amount"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    number: Mapped[str] = mapped_column(String(32))
    provider: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(AMOUNT)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    transaction_id: Mapped[str | None] = mapped_column(String(64))
    client_params: Mapped[dict[str, Any]]
    refunded_amount: Mapped[int] = mapped_column(AMOUNT, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]


class PaymentNotification(Base):
    """Every verified notification, once: the unique key makes a redelivery change nothing.

    Forged notifications are not stored (their tenant cannot be trusted); they are logged.
    """

    __tablename__ = "payments_notifications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "provider", "transaction_id", "event", "out_trade_no"),
        Index("ix_payments_notifications_received", "tenant_id", "received_at"),
        Index("ix_payments_notifications_outcome", "tenant_id", "outcome", "received_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    provider: Mapped[str] = mapped_column(String(16))
    out_trade_no: Mapped[str] = mapped_column(String(64))
    transaction_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(40))
    payment_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("payments_payments.id", ondelete="CASCADE"))
    provider_state: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(AMOUNT)
    currency: Mapped[str] = mapped_column(String(3))
    outcome: Mapped[str] = mapped_column(String(24))
    body_digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]


class PaymentRefund(Base):
    __tablename__ = "payments_refunds"
    __table_args__ = (
        UniqueConstraint("tenant_id", "out_refund_no"),
        Index("ix_payments_refunds_payment", "tenant_id", "payment_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    payment_id: Mapped[str] = mapped_column(String(36), ForeignKey("payments_payments.id", ondelete="CASCADE"))
    out_refund_no: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(16))
    provider_refund_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]


class ShopCredentials(Base):
    """A shop's own account with one provider (its WeChat Pay merchant, its Alipay app). ``identifiers`` are
    shown back (商户号, AppID); ``secrets`` are sealed by ``core.secrets`` and only ``hints`` of them (last four
    characters) ever leave. ``version`` grows with every change, so cached providers know they are stale."""

    __tablename__ = "payments_shop_credentials"
    __table_args__ = (UniqueConstraint("tenant_id", "provider"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    provider: Mapped[str] = mapped_column(String(16))
    identifiers: Mapped[dict[str, Any]]
    secrets: Mapped[str] = mapped_column(Text)
    hints: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime]
