"""Domain events and the transactional outbox.

An event is written in the same transaction as the change it describes, then dispatched after commit,
at least once: handlers must be idempotent. Lower domains learn about higher ones only this way.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
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


class OutboxRow(Base):
    __tablename__ = "core_outbox"
    __table_args__ = (Index("ix_core_outbox_pending", "tenant_id", "dispatched_at", "created_at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    dispatched_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


Handler = Callable[[Any, str, dict[str, Any]], Awaitable[None]]  # (database, tenant_id, payload)
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event_type: type[Event], handler: Handler) -> None:
    """Register ``handler(db, tenant_id, payload)`` for an event type. Handlers must be idempotent: an
    event is delivered at least once, after the transaction that recorded it has committed."""
    if handler not in _handlers[event_type.event_name()]:
        _handlers[event_type.event_name()].append(handler)


def handlers_for(name: str) -> list[Handler]:
    return list(_handlers.get(name, ()))
