"""Facts sharing tells others: a shopper (signed in, or claimed at sign-in) came through someone's link.
Distribution binds the shopper to the sharer when the sharer is a promoter; sharing knows nothing of that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ShareVisited(Event):
    visit_id: str
    sharer_id: str
    customer_id: str
    visited_at: str  # ISO 8601, UTC

    @classmethod
    def of(cls, *, visit_id: str, sharer_id: str, customer_id: str, visited_at: datetime) -> ShareVisited:
        return cls(visit_id=visit_id, sharer_id=sharer_id, customer_id=customer_id, visited_at=visited_at.isoformat())
