"""Tables of the marketing domain: promotions, coupon templates, the coupons shoppers hold, and per-customer
usage counters. Counters move only by guarded single UPDATEs (``used = used + 1 WHERE used < limit``), so
concurrent checkouts can never push a coupon or a budget past its limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Promotion(Base):
    __tablename__ = "marketing_promotions"
    __table_args__ = (
        Index("ix_marketing_promotions_status", "tenant_id", "status", "priority"),
        CheckConstraint("budget IS NULL OR budget_used <= budget", name="budget_not_exceeded"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[dict[str, Any]]  # {"zh-CN": "满199减20", "en": "..."}
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | active | paused
    benefit: Mapped[dict[str, Any]]
    condition: Mapped[dict[str, Any]]
    mode: Mapped[str] = mapped_column(String(16), default="stackable")
    group_key: Mapped[str] = mapped_column(String(60), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    budget: Mapped[int | None] = mapped_column(AMOUNT)
    budget_used: Mapped[int] = mapped_column(AMOUNT, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CouponTemplate(Base):
    __tablename__ = "marketing_coupon_templates"
    __table_args__ = (
        Index("ix_marketing_coupon_templates_status", "tenant_id", "status", "created_at"),
        CheckConstraint("total_quantity IS NULL OR issued <= total_quantity", name="issued_within_total"),
        CheckConstraint("max_uses IS NULL OR used <= max_uses", name="used_within_max"),
        UniqueConstraint("tenant_id", "public_code"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    benefit: Mapped[dict[str, Any]]
    condition: Mapped[dict[str, Any]]
    stacks_with_promotions: Mapped[bool] = mapped_column(Boolean, default=True)
    stacks_with_coupons: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    total_quantity: Mapped[int | None] = mapped_column(Integer)  # coupons that may be issued
    issued: Mapped[int] = mapped_column(Integer, default=0)
    max_uses: Mapped[int | None] = mapped_column(Integer)  # redemptions across all shoppers
    used: Mapped[int] = mapped_column(Integer, default=0)
    public_code: Mapped[str | None] = mapped_column(String(40))  # one shared code anyone may redeem
    return_on_cancel: Mapped[bool] = mapped_column(Boolean, default=True)  # a cancelled order gives it back
    daily_issue_limit: Mapped[int | None] = mapped_column(Integer)  # coupons issued per day, at most
    per_customer_claims: Mapped[int] = mapped_column(Integer, default=1)
    per_customer_uses: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    valid_days: Mapped[int | None] = mapped_column(Integer)  # N days after claim, instead of fixed dates
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Coupon(Base):
    """One coupon a shopper holds: claimed, issued by an operator, or minted as a unique code."""

    __tablename__ = "marketing_coupons"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index("ix_marketing_coupons_customer", "tenant_id", "customer_id", "status"),
        Index("ix_marketing_coupons_order", "tenant_id", "order_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    template_id: Mapped[str] = mapped_column(ForeignKey("marketing_coupon_templates.id", ondelete="CASCADE"))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="available")  # available | locked | used | expired
    order_id: Mapped[str | None] = mapped_column(String(36))
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    claimed_at: Mapped[datetime]
    locked_at: Mapped[datetime | None]
    used_at: Mapped[datetime | None]


class CustomerUsage(Base):
    """How many coupons of a template one customer has claimed and redeemed: the per-customer limits are
    guarded updates on this row, which a unique key makes single."""

    __tablename__ = "marketing_customer_usage"
    __table_args__ = (UniqueConstraint("tenant_id", "template_id", "customer_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    template_id: Mapped[str] = mapped_column(ForeignKey("marketing_coupon_templates.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(36))
    claimed: Mapped[int] = mapped_column(Integer, default=0)
    used: Mapped[int] = mapped_column(Integer, default=0)


class Redemption(Base):
    """One discount a rule gave one order: the ledger that stats (discount given, GMV driven) are read from.

    Written in checkout's transaction; voided when the order is cancelled or closed unpaid."""

    __tablename__ = "marketing_redemptions"
    __table_args__ = (
        Index("ix_marketing_redemptions_rule", "tenant_id", "rule_id", "status"),
        Index("ix_marketing_redemptions_order", "tenant_id", "order_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(16))  # promotion | coupon
    rule_id: Mapped[str] = mapped_column(String(36))  # the promotion, or the coupon's template
    coupon_id: Mapped[str | None] = mapped_column(String(36))
    discount: Mapped[int] = mapped_column(AMOUNT)
    order_total: Mapped[int] = mapped_column(AMOUNT)
    status: Mapped[str] = mapped_column(String(8), default="active")  # active | void
    created_at: Mapped[datetime]


class DailyIssues(Base):
    """Coupons of a template issued on one day (the template's time zone): the per-day issue limit."""

    __tablename__ = "marketing_daily_issues"
    __table_args__ = (UniqueConstraint("tenant_id", "template_id", "day"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    template_id: Mapped[str] = mapped_column(ForeignKey("marketing_coupon_templates.id", ondelete="CASCADE"))
    day: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    issued: Mapped[int] = mapped_column(Integer, default=0)
