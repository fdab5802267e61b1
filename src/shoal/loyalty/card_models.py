"""Tables of paid membership (付费会员): card types sold like products, purchases (paid like orders) and each
shopper's holding, whose period a renewal extends and whose end ends the benefits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class MembershipCard(Base):
    __tablename__ = "loyalty_membership_cards"
    __table_args__ = (CheckConstraint("price > 0 AND days > 0", name="terms_valid"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(60))
    price: Mapped[int] = mapped_column(AMOUNT)
    days: Mapped[int] = mapped_column(Integer)  # the period one purchase adds (30: monthly, 365: yearly)
    level_code: Mapped[str | None] = mapped_column(String(40))  # whose benefits the holder gets meanwhile
    benefits_note: Mapped[str] = mapped_column(String(200))
    refundable: Mapped[bool] = mapped_column(Boolean)  # a refund of the purchase ends the period at once
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class CardPurchase(Base):
    """One purchase, paid like an order (its id starts with ``mc``): pending -> paid, applied once."""

    __tablename__ = "loyalty_card_purchases"
    __table_args__ = (Index("ix_loyalty_card_purchases_customer", "tenant_id", "customer_id", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    card_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class CardHolding(Base):
    """A shopper's card: active until ``ends_at`` (the expiry job marks it expired once, and tells)."""

    __tablename__ = "loyalty_card_holdings"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "card_id"),
        Index("ix_loyalty_card_holdings_due", "tenant_id", "status", "ends_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    card_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12))  # active | expired
    ends_at: Mapped[datetime]
