"""Tables of group-buys. A group's seats are counted in one column (``paid``, never above ``size``: a guarded
``UPDATE ... WHERE paid < size`` takes a seat, and a CHECK backs it); each member is one row per (group,
shopper) that moves once from ``pending`` to ``paid`` (a seat) or out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class GroupBuy(Base):
    """An activity (拼团活动): draft -> published -> ended."""

    __tablename__ = "group_buys"
    __table_args__ = (
        Index("ix_group_buys_status", "tenant_id", "status", "starts_at"),
        CheckConstraint("group_size >= 2 AND group_size <= 100", name="group_size_range"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(100))
    location_id: Mapped[str] = mapped_column(String(36))  # the stock the members' units come from
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    group_size: Mapped[int] = mapped_column(Integer)
    group_minutes: Mapped[int] = mapped_column(Integer)  # time a group has to fill once opened
    payment_minutes: Mapped[int] = mapped_column(Integer)
    per_shopper_limit: Mapped[int] = mapped_column(Integer)  # units a shopper may hold in the whole activity
    new_shoppers_only: Mapped[bool] = mapped_column(Boolean)  # 老带新: joiners must never have paid an order
    virtual_fill_min: Mapped[int | None] = mapped_column(Integer)  # 模拟成团: complete at the deadline from M paid
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class GroupBuyItem(Base):
    __tablename__ = "group_buy_items"
    __table_args__ = (UniqueConstraint("tenant_id", "activity_id", "variant_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    activity_id: Mapped[str] = mapped_column(ForeignKey("group_buys.id", ondelete="CASCADE"))
    variant_id: Mapped[str] = mapped_column(String(36))
    group_price: Mapped[int] = mapped_column(AMOUNT)
    leader_price: Mapped[int | None] = mapped_column(AMOUNT)  # 团长价: what the one who opens the group pays
    position: Mapped[int] = mapped_column(Integer)


class GroupBuyGroup(Base):
    """One group: open -> succeeded (exactly ``size`` paid, or virtually filled) | failed (refunded)."""

    __tablename__ = "group_buy_groups"
    __table_args__ = (
        Index("ix_group_buy_groups_due", "tenant_id", "status", "expires_at"),
        Index("ix_group_buy_groups_activity", "tenant_id", "activity_id", "status"),
        CheckConstraint("paid >= 0 AND paid <= size", name="paid_within_size"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    activity_id: Mapped[str] = mapped_column(ForeignKey("group_buys.id", ondelete="CASCADE"))
    leader_id: Mapped[str] = mapped_column(String(36))
    size: Mapped[int] = mapped_column(Integer)
    paid: Mapped[int] = mapped_column(Integer)  # seats taken: members whose payment reached their order
    virtual_seats: Mapped[int] = mapped_column(Integer)  # seats filled by 模拟成团 at the deadline
    status: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class GroupBuyMember(Base):
    """A shopper in a group: pending (order awaiting payment) -> paid (a seat) | refused (the group was full or
    over when the money came: refunded) | left (refunded while open, or the order closed unpaid)."""

    __tablename__ = "group_buy_members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "group_id", "customer_id"),
        UniqueConstraint("tenant_id", "order_id"),
        Index("ix_group_buy_members_customer", "tenant_id", "customer_id", "created_at"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    group_id: Mapped[str] = mapped_column(ForeignKey("group_buy_groups.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(ForeignKey("group_buys.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(36))
    order_id: Mapped[str] = mapped_column(String(36))
    variant_id: Mapped[str] = mapped_column(String(36))
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(AMOUNT)  # the order's total, for GMV
    is_leader: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]


class GroupBuyShopper(Base):
    """One row per shopper and activity, locked while the units they hold in the activity are counted against
    its per-shopper limit: two orders opened at once wait for each other instead of both passing the limit."""

    __tablename__ = "group_buy_shoppers"
    __table_args__ = (UniqueConstraint("tenant_id", "activity_id", "customer_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    activity_id: Mapped[str] = mapped_column(ForeignKey("group_buys.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(String(36))
