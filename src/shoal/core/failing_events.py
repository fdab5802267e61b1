"""Events that keep failing, for staff: list them, count them for the dashboard, retry one at once.

The dispatcher never gives an event up, but an event that fails for minutes on end usually means a
customer is waiting (a cancelled paid order not yet refunded, coupons not given back), so staff must
see it. Staff who manage orders review them: the events that matter to customers are about orders and
their money. Reading needs ``orders.read``; retrying runs the handlers now and needs ``orders.manage``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from shoal.core.dispatcher import deliver_event, unclaimed
from shoal.core.errors import NotFound, ShoalError
from shoal.core.outbox import FAILING_AFTER, OutboxRow
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.schemas import Output
from shoal.core.uow import UnitOfWork


class EventRead(Output):
    id: str
    name: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    dispatched_at: datetime | None
    failing: bool


class EventNotRetryable(ShoalError):
    status = 409
    code = "event_not_retryable"
    message = {
        "en": "This event is already delivered, or a worker is delivering it right now.",
        "zh-CN": "该事件已经处理完成，或正在处理中。",
    }


def _failing() -> tuple[Any, ...]:
    return (OutboxRow.dispatched_at.is_(None), OutboxRow.attempts >= FAILING_AFTER)


async def list_failing_events(uow: UnitOfWork, *, limit: int, cursor: str | None) -> Page[EventRead]:
    """Failing events, newest first."""
    async with uow:
        uow.actor.require("orders.read")
        query = select(OutboxRow).where(OutboxRow.tenant_id == uow.tenant_id, *_failing())
        after = decode_cursor(cursor)
        if after:
            query = query.where(OutboxRow.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(OutboxRow.id.desc()).limit(limit + 1))).scalars().all()
    items = [EventRead.model_validate(row) for row in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)


async def count_failing_events(uow: UnitOfWork) -> int:
    async with uow:
        uow.actor.require("orders.read")
        counted = await uow.s.execute(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.tenant_id == uow.tenant_id, *_failing())
        )
        return int(counted.scalar_one())


async def retry_event(uow: UnitOfWork, *, event_id: str) -> EventRead:
    """Make the event due now and deliver it in this request, so staff see at once whether it went through.

    Refused (409) for an event already delivered or held by a worker: two deliveries never overlap.
    """
    async with uow:
        uow.actor.require("orders.manage")
        now = uow.clock.now()
        made_due = await uow.s.execute(
            update(OutboxRow)
            .where(
                OutboxRow.tenant_id == uow.tenant_id,
                OutboxRow.id == event_id,
                OutboxRow.dispatched_at.is_(None),
                unclaimed(now),
            )
            .values(next_attempt_at=now)
        )
        row = await _load(uow, event_id)
        if made_due.rowcount != 1:
            raise EventNotRetryable()
        uow.audit("event.retry", "event", event_id, {"name": row.name, "attempts": row.attempts})
        await uow.commit()
    await deliver_event(uow.db, row.tenant_id, row.id, row.attempts)
    async with uow:
        return EventRead.model_validate(await _load(uow, event_id))


async def _load(uow: UnitOfWork, event_id: str) -> OutboxRow:
    row = (
        await uow.s.execute(
            select(OutboxRow)
            .where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.id == event_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(entity="event")
    return row
