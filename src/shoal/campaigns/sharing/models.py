"""Tables of sharing: each link asked for (a share), each visit through one, and each order attributed.

A visit copies its link's sharer, target and campaign, so the funnel and attribution read one table. An
order is attributed at most once (unique per order), so a redelivered event changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import AMOUNT, Base, id_column, tenant_column


class ShareLink(Base):
    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_campaign", "tenant_id", "campaign_type", "campaign_id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    sharer_id: Mapped[str] = mapped_column(String(36))  # a customer
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    campaign_type: Mapped[str | None] = mapped_column(String(20))
    campaign_id: Mapped[str | None] = mapped_column(String(36))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]


class ShareVisit(Base):
    __tablename__ = "share_visits"
    __table_args__ = (
        Index("ix_share_visits_customer", "tenant_id", "customer_id", "visited_at"),
        Index("ix_share_visits_visitor", "tenant_id", "visitor_id"),
        Index("ix_share_visits_campaign", "tenant_id", "campaign_type", "campaign_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    sharer_id: Mapped[str] = mapped_column(String(36))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    campaign_type: Mapped[str | None] = mapped_column(String(20))
    campaign_id: Mapped[str | None] = mapped_column(String(36))
    customer_id: Mapped[str | None] = mapped_column(String(36))  # signed in, or claimed at a later sign-in
    visitor_id: Mapped[str | None] = mapped_column(String(36))  # the anonymous visitor cookie
    visited_at: Mapped[datetime]


class ShareAttribution(Base):
    __tablename__ = "share_attributions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "order_id"),
        Index("ix_share_attributions_campaign", "tenant_id", "campaign_type", "campaign_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    order_id: Mapped[str] = mapped_column(String(36))
    visit_id: Mapped[str] = mapped_column(String(36))
    sharer_id: Mapped[str] = mapped_column(String(36))
    campaign_type: Mapped[str | None] = mapped_column(String(20))
    campaign_id: Mapped[str | None] = mapped_column(String(36))
    customer_id: Mapped[str] = mapped_column(String(36))
    placed_at: Mapped[datetime]
    paid_amount: Mapped[int] = mapped_column(AMOUNT, default=0)  # set by OrderPaid
