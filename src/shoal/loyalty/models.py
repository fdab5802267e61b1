"""Tables of levels, members, the points and growth ledgers and check-ins.

Ledgers are append-only: an entry is never changed or deleted, and a member's ``points`` is the sum of
their entries, moved by the same transaction that appends one, with a guarded ``UPDATE ... WHERE points +
:delta >= 0`` (a CHECK backs it). Every entry has a reference unique per (customer, reason), so an event
delivered twice, a job run twice or fifty check-ins at once append one entry.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class LoyaltySettings(Base):
    """A shop's loyalty terms; a shop without a row has ``rules.DEFAULT_TERMS``."""

    __tablename__ = "loyalty_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    points_per_yuan: Mapped[int] = mapped_column(Integer)  # earned per yuan paid, before the level's multiplier
    growth_per_yuan: Mapped[int] = mapped_column(Integer)
    checkin_points: Mapped[int] = mapped_column(Integer)
    checkin_growth: Mapped[int] = mapped_column(Integer)
    streak_days: Mapped[int] = mapped_column(Integer)  # every Nth day in a row earns the bonus too (0: none)
    streak_bonus: Mapped[int] = mapped_column(Integer)
    expiry: Mapped[str] = mapped_column(String(12))  # never | rolling | year_end
    expiry_months: Mapped[int] = mapped_column(Integer)  # rolling: months after earning
    points_per_yuan_off: Mapped[int] = mapped_column(Integer, server_default="100")  # points that take ¥1 off
    max_points_percent: Mapped[int] = mapped_column(Integer, server_default="50")  # of the goods, per order
    updated_at: Mapped[datetime]


class MemberLevel(Base):
    """A level (V1–V5) reached at a growth threshold, with its benefits. Its ``code`` is what promotions
    name in ``member_levels`` (the member discount or member price is a marketing rule for that code)."""

    __tablename__ = "loyalty_levels"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        UniqueConstraint("tenant_id", "threshold"),
        CheckConstraint("threshold >= 0", name="threshold_not_negative"),
        CheckConstraint("points_multiplier >= 100", name="multiplier_at_least_one"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    threshold: Mapped[int] = mapped_column(Integer)  # growth value from which a member is at this level
    points_multiplier: Mapped[int] = mapped_column(Integer)  # percent: 150 earns 1.5 times the points
    free_shipping: Mapped[bool] = mapped_column(Boolean)
    birthday_points: Mapped[int] = mapped_column(Integer)
    birthday_coupon_template_id: Mapped[str | None] = mapped_column(String(36))  # a coupon of it on the birthday
    benefits_note: Mapped[str] = mapped_column(String(200))  # what else the shop promises, shown to members
    created_at: Mapped[datetime]


class Member(Base):
    """A customer's loyalty account: growth, level, points balance (the sum of the ledger), check-in streak."""

    __tablename__ = "loyalty_members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id"),
        CheckConstraint("points >= 0", name="points_not_negative"),
        CheckConstraint("growth >= 0", name="growth_not_negative"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    growth: Mapped[int] = mapped_column(Integer)
    level_code: Mapped[str | None] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class PointsEntry(Base):
    """One movement of points: positive (earned, granted, returned) or negative (spent, expired, taken back)."""

    __tablename__ = "loyalty_points_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "reason", "reference"),
        Index("ix_loyalty_points_entries_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_loyalty_points_entries_expiry", "tenant_id", "expires_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime | None]  # earned points only; None: they never expire
    actor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class GrowthEntry(Base):
    """One movement of growth value (orders paid, check-ins, refunds); the member's growth never drops below 0."""

    __tablename__ = "loyalty_growth_entries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "reason", "reference"),
        Index("ix_loyalty_growth_entries_customer", "tenant_id", "customer_id", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class CheckIn(Base):
    """A daily check-in (签到): one per customer and shop day, whatever the number of taps."""

    __tablename__ = "loyalty_check_ins"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id", "day"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    day: Mapped[str] = mapped_column(String(10))  # the shop's day, ISO
    streak: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class LevelChange(Base):
    """A member's move from one level to another, for their history and the shop's."""

    __tablename__ = "loyalty_level_changes"
    __table_args__ = (Index("ix_loyalty_level_changes_customer", "tenant_id", "customer_id", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    from_level: Mapped[str | None] = mapped_column(String(40))
    to_level: Mapped[str | None] = mapped_column(String(40))
    growth: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class BirthdayGift(Base):
    """A member's birthday gift of one year (their level's points and coupon): one per customer and year, so the
    job run twice, or by two workers at once, gives once."""

    __tablename__ = "loyalty_birthday_gifts"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id", "year"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    customer_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    level_code: Mapped[str] = mapped_column(String(40))
    points: Mapped[int] = mapped_column(Integer)
    coupon_id: Mapped[str | None] = mapped_column(String(36))  # None: no coupon, or the template refused one
    created_at: Mapped[datetime]
