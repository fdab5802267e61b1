"""Tables of the customers domain: shoppers, their WeChat identities, sign-in sessions, one-time SMS
codes and the address book. Sign-in throttling is shared with staff (``identity.throttle``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class Customer(Base):
    """A shopper of one tenant. Email and phone are each optional but unique within the tenant.

    ``first_order_offer_order_id`` is the live order that took the shopper's first-order offer (新客首单), set by
    a guarded update at checkout and cleared when that order is cancelled or closed: at most one live order of a
    shopper has a first-order discount, however many checkouts run at once."""

    __tablename__ = "customers_customers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "phone"),
        UniqueConstraint("tenant_id", "first_order_offer_order_id"),
        Index("ix_customers_customers_birth_month_day", "tenant_id", "birth_month_day"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(120))
    customer_group: Mapped[str | None] = mapped_column(String(40))
    member_level: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime]
    first_order_at: Mapped[datetime | None]
    tags: Mapped[list[Any]] = mapped_column(default=list)  # staff's labels (会员标签), e.g. 老客, 团长
    first_order_offer_order_id: Mapped[str | None] = mapped_column(String(36))
    # What operators segment by (``rules.PROFILE_GENDERS``); the birthday's month and day (``rules.month_day``)
    # are kept apart so the birthday gift job finds today's birthdays by an index, on either database.
    gender: Mapped[str | None] = mapped_column(String(8))
    birthday: Mapped[date | None] = mapped_column(Date)
    birth_month_day: Mapped[int | None] = mapped_column(Integer)
    region_code: Mapped[str | None] = mapped_column(String(12))  # GB/T 2260, ``customers.regions``
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_consent_at: Mapped[datetime | None]  # when it was last given or withdrawn


class CustomerIdentity(Base):
    """A door by which one person reaches their one customer of the shop: a phone, an email, a WeChat unionid,
    a store membership card number (``rules.IDENTITY_KINDS``; WeChat openids are ``WeChatIdentity`` rows).

    Unique per shop and kind, so a door leads to one customer whatever signs in or registers by it; the
    customer's ``phone`` and ``email`` are their contact and each has its row here too. A merge moves them."""

    __tablename__ = "customers_identities"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "value"),
        Index("ix_customers_identities_customer", "tenant_id", "customer_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers_customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]


class WeChatIdentity(Base):
    """An openid of one WeChat app (appid), linked to one customer; a unionid spans the brand's apps."""

    __tablename__ = "customers_wechat_identities"
    __table_args__ = (
        UniqueConstraint("tenant_id", "appid", "openid"),
        Index("ix_customers_wechat_identities_unionid", "tenant_id", "unionid"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers_customers.id", ondelete="CASCADE"))
    appid: Mapped[str] = mapped_column(String(64))
    openid: Mapped[str] = mapped_column(String(128))
    unionid: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]


class ShopperSession(Base):
    """One shopper sign-in. Access tokens name it (``sid``); revoking it signs every token of it out."""

    __tablename__ = "customers_sessions"
    __table_args__ = (UniqueConstraint("tenant_id", "refresh_digest"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers_customers.id", ondelete="CASCADE"))
    refresh_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SmsCode(Base):
    """The live sign-in code of one phone: a keyed digest, never the code itself. One row per phone,
    replaced by an upsert that only succeeds once the resend cool-down has passed."""

    __tablename__ = "customers_sms_codes"
    __table_args__ = (UniqueConstraint("tenant_id", "phone"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    phone: Mapped[str] = mapped_column(String(20))
    code_digest: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[datetime | None]


class Address(Base):
    """A delivery address. At most one per customer is the default (a partial unique index says so);
    the service keeps exactly one whenever the book is not empty."""

    __tablename__ = "customers_addresses"
    __table_args__ = (
        Index("ix_customers_addresses_customer", "tenant_id", "customer_id", "created_at"),
        Index(
            "uq_customers_addresses_one_default",
            "tenant_id",
            "customer_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers_customers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    province: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(40))
    # The district's GB/T 2260 code (``customers.regions``): names for people, the code for machines. Null
    # only for addresses saved before regions were checked.
    region_code: Mapped[str | None] = mapped_column(String(12))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(12))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
