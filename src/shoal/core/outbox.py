"""Domain events and the transactional outbox.

An event is written in the same transaction as the change it describes, then dispatched after commit,
at least once: handlers must be idempotent. Lower domains learn about higher ones only this way.

An event is never given up: a failed delivery is retried after an exponential, capped delay, for as long
as it takes (a refund must reach the customer after a provider outage of any length). After
``FAILING_AFTER`` attempts it counts as failing, which staff see and can retry at once.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every domain event: a past-tense, frozen fact (``OrderPaid``)."""

    @classmethod
    def event_name(cls) -> str:
        return cls.__name__

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


FIRST_RETRY = timedelta(seconds=10)
LONGEST_RETRY = timedelta(minutes=30)
FAILING_AFTER = 6  # attempts: about five minutes of failures (10 + 20 + 40 + 80 + 160 s)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed delivery: 10 s, doubling, never above 30 minutes."""
    if attempts <= 1:
        return FIRST_RETRY
    return min(LONGEST_RETRY, FIRST_RETRY * 2 ** min(attempts - 1, 20))


class OutboxRow(Base):
    __tablename__ = "core_outbox"
    __table_args__ = (Index("ix_core_outbox_due", "tenant_id", "dispatched_at", "next_attempt_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    dispatched_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime]  # due from then: created_at at first, later after a back-off
    claimed_until: Mapped[datetime | None]  # a worker's lease while it delivers; None when nobody holds it
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # deliveries started (each one a claim)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def failing(self) -> bool:
        return self.dispatched_at is None and self.attempts >= FAILING_AFTER


Handler = Callable[[Any, str, dict[str, Any]], Awaitable[None]]  # (database, tenant_id, payload)
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event_type: type[Event], handler: Handler) -> None:
    """Register ``handler(db, tenant_id, payload)`` for an event type. Handlers must be idempotent: an
    event is delivered at least once, after the transaction that recorded it has committed."""
    if handler not in _handlers[event_type.event_name()]:
        _handlers[event_type.event_name()].append(handler)


def handlers_for(name: str) -> list[Handler]:
    return list(_handlers.get(name, ()))
