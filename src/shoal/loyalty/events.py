"""Facts of loyalty, for notifications, analytics and webhooks."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class MemberLevelChanged(Event):
    customer_id: str
    from_level: str | None
    to_level: str | None
    growth: int


@dataclass(frozen=True, kw_only=True)
class PointsExpired(Event):
    customer_id: str
    points: int


@dataclass(frozen=True, kw_only=True)
class CustomersMerged(Event):
    """Everything of ``merged_id`` now belongs to ``survivor_id`` (promoter bindings may follow it)."""

    survivor_id: str
    merged_id: str


@dataclass(frozen=True, kw_only=True)
class MembershipCardExpired(Event):
    customer_id: str
    card_id: str


@dataclass(frozen=True, kw_only=True)
class BirthdayGiftGiven(Event):
    customer_id: str
    points: int
    coupon_id: str | None
