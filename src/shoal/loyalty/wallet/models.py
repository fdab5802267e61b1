"""Tables of stored value. A wallet's principal (money the shopper paid in) and bonus (what the shop added)
are two guarded columns, each CHECKed never below zero, moved only with an appended entry whose reference is
unique per (customer, reason): a payment, a refund, a top-up or a gift card moves a balance once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Wallet(Base):
    __tablename__ = "loyalty_wallets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id"),
        CheckConstraint("principal >= 0", name="principal_not_negative"),
        CheckConstraint("bonus >= 0", name="bonus_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    principal: Mapped[int] = mapped_column(AMOUNT)
    bonus: Mapped[int] = mapped_column(AMOUNT)
    created_at: Mapped[datetime]


class WalletEntry(Base):
    """One movement of a balance, split into principal and bonus (each signed)."""

    __tablename__ = "loyalty_wallet_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "reason", "reference"),
        Index("ix_loyalty_wallet_entries_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_loyalty_wallet_entries_reference", "tenant_id", "reference"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    principal: Mapped[int] = mapped_column(AMOUNT)
    bonus: Mapped[int] = mapped_column(AMOUNT)
    reason: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class TopUpPlan(Base):
    """A top-up offer (充值方案): pay ``amount``, get ``amount + bonus`` in the balance."""

    __tablename__ = "loyalty_top_up_plans"
    __table_args__ = (CheckConstraint("amount > 0 AND bonus >= 0", name="amounts_valid"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(60))
    amount: Mapped[int] = mapped_column(AMOUNT)
    bonus: Mapped[int] = mapped_column(AMOUNT)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class TopUp(Base):
    """A shopper's top-up, paid like an order (its id starts with ``tu``): pending -> paid, credited once."""

    __tablename__ = "loyalty_top_ups"
    __table_args__ = (Index("ix_loyalty_top_ups_customer", "tenant_id", "customer_id", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    plan_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    bonus: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(12))
    payment_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # What a withdrawal has cleared to be refunded of this top-up's payment, set and used up in the withdrawal's
    # transaction: a refund of a top-up without it (a staff refund of the payment) is refused.
    cleared_for_refund: Mapped[int] = mapped_column(AMOUNT, default=0)


class GiftCard(Base):
    """A gift card (礼品卡): a code with a value, redeemed into one shopper's balance once."""

    __tablename__ = "loyalty_gift_cards"
    __table_args__ = (UniqueConstraint("tenant_id", "code"), Index("ix_loyalty_gift_cards_batch", "tenant_id", "batch"))

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    code: Mapped[str] = mapped_column(String(32))
    batch: Mapped[str] = mapped_column(String(60))
    value: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(12))  # active | redeemed
    redeemed_by: Mapped[str | None] = mapped_column(String(36))
    redeemed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Withdrawal(Base):
    """A withdrawal (退余额) of unused stored value: the principal paid back through the top-ups' providers
    (their refunds reference it), the bonus forfeited; both taken from the wallet by one entry."""

    __tablename__ = "loyalty_withdrawals"
    __table_args__ = (Index("ix_loyalty_withdrawals_customer", "tenant_id", "customer_id", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    principal: Mapped[int] = mapped_column(AMOUNT)
    bonus_forfeited: Mapped[int] = mapped_column(AMOUNT)
    reason: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
