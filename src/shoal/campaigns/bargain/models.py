"""Tables of bargains. A record's ``slices`` counts the planned cuts taken; it grows only by a guarded
single-statement increment, so it never passes ``helpers_needed``. Each helper's cut is one row whose unique key
(record, helper) is the once-per-bargain rule; a helper's cuts per day are one row whose guarded upsert is the
daily limit; a record's ``order_id`` is set once by a guarded update (one order per bargain)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class Bargain(Base):
    """An activity (砍价活动): draft -> published -> ended."""

    __tablename__ = "bargains"
    __table_args__ = (
        Index("ix_bargains_status", "tenant_id", "status"),
        CheckConstraint("floor_price > 0 AND start_price - floor_price >= helpers_needed", name="prices_plannable"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(100))
    variant_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(String(36))  # where the initiator's order takes its unit from
    start_price: Mapped[int] = mapped_column(AMOUNT)
    floor_price: Mapped[int] = mapped_column(AMOUNT)
    helpers_needed: Mapped[int] = mapped_column(Integer)
    hours: Mapped[int] = mapped_column(Integer)  # each bargain's time to reach the floor and buy
    daily_help_limit: Mapped[int] = mapped_column(Integer)  # bargains one shopper may help per day
    buy_before_floor: Mapped[bool] = mapped_column(Boolean)
    new_shopper_counts_double: Mapped[bool] = mapped_column(Boolean)
    first_cut_percent: Mapped[int] = mapped_column(Integer)
    payment_minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class BargainRecord(Base):
    """One shopper's bargain (砍价记录): bargaining -> ordered, or -> expired when its time is up."""

    __tablename__ = "bargain_records"
    __table_args__ = (
        UniqueConstraint("tenant_id", "bargain_id", "initiator_id"),
        UniqueConstraint("tenant_id", "order_id"),
        Index("ix_bargain_records_due", "tenant_id", "status", "expires_at"),
        CheckConstraint("slices >= 0 AND slices <= helpers_needed", name="slices_within_plan"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    bargain_id: Mapped[str] = mapped_column(ForeignKey("bargains.id", ondelete="CASCADE"))
    initiator_id: Mapped[str] = mapped_column(String(36))
    start_price: Mapped[int] = mapped_column(AMOUNT)
    floor_price: Mapped[int] = mapped_column(AMOUNT)
    helpers_needed: Mapped[int] = mapped_column(Integer)
    plan: Mapped[list[Any]]  # the planned cuts in fen, drawn at the start (rules.plan_cuts)
    slices: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    order_id: Mapped[str | None] = mapped_column(String(36))  # the one live order; cleared if it closes unpaid
    paid_amount: Mapped[int | None] = mapped_column(AMOUNT)  # set when the order is paid (OrderPaid)
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]


class BargainCut(Base):
    __tablename__ = "bargain_cuts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "record_id", "helper_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    record_id: Mapped[str] = mapped_column(ForeignKey("bargain_records.id", ondelete="CASCADE"))
    helper_id: Mapped[str] = mapped_column(String(36))
    amount: Mapped[int] = mapped_column(AMOUNT)
    created_at: Mapped[datetime]


class BargainHelperDay(Base):
    """How many bargains a shopper helped on one day (UTC): the daily limit's guard."""

    __tablename__ = "bargain_helper_days"
    __table_args__ = (UniqueConstraint("tenant_id", "helper_id", "day"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    helper_id: Mapped[str] = mapped_column(String(36))
    day: Mapped[date]
    helped: Mapped[int] = mapped_column(Integer)
