"""Dispatch outbox events to their handlers after commit, at least once, and never give one up.

* **Claim.** ``shoal worker`` and the server may both run this job. A worker takes an event with one
  guarded ``UPDATE`` (still due, nobody's lease, the attempt count it read), which sets a lease and counts
  the attempt: of two workers exactly one wins, and the other skips the event. The lease (``LEASE``)
  outlives any sane handler; a worker that dies leaves the event to be taken again once it runs out.
* **No transaction is held open while a handler runs**: handlers open their own units of work (on SQLite
  a held write transaction would block them). The outcome is written in a short transaction of its own,
  guarded by the attempt number, so a worker whose lease was taken over cannot overwrite a newer outcome.
* **Pruned once delivered.** ``prune_delivered`` deletes events delivered more than
  ``SHOAL_OUTBOX_RETENTION_DAYS`` ago, a bounded batch per tenant a tick; an event not yet delivered (due,
  backing off or failing) is never deleted, so nothing owed to a customer is lost.
* **Back-off, forever.** A failed event is due again after ``retry_delay(attempts)`` (exponential, capped),
  however long the outage; after ``FAILING_AFTER`` attempts staff see it as failing (admin API, console,
  payments reconciliation) and may retry it at once (``deliver_event``).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update

from shoal.config import get_settings
from shoal.core.outbox import FAILING_AFTER, OutboxRow, handlers_for, retry_delay
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database

log = logging.getLogger("shoal.outbox")
BATCH = 100
PRUNE_BATCH = 1000
LEASE = timedelta(minutes=5)


def unclaimed(now: Any) -> Any:
    """Nobody is delivering the event: no lease, or a lease that ran out (its worker died)."""
    return or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until <= now)


async def dispatch_pending(db: Database) -> int:
    """Deliver the events that are due, tenant by tenant; returns how many were delivered."""
    dispatched = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            now = uow.clock.now()
            due = (
                await uow.s.execute(
                    select(OutboxRow.id, OutboxRow.attempts)
                    .where(
                        OutboxRow.tenant_id == tenant_id,
                        OutboxRow.dispatched_at.is_(None),
                        OutboxRow.next_attempt_at <= now,
                        unclaimed(now),
                    )
                    .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
                    .limit(BATCH)
                )
            ).all()
        for row_id, attempts in due:
            dispatched += await deliver_event(db, tenant_id, row_id, attempts)
    return dispatched


async def deliver_event(db: Database, tenant_id: str, row_id: str, seen_attempts: int) -> bool:
    """Claim one event and run its handlers; True if it is now delivered. An event another worker holds
    (or has delivered) is left alone."""
    claimed = await _claim(db, tenant_id, row_id, seen_attempts)
    if claimed is None:
        return False
    name, payload = claimed
    attempt = seen_attempts + 1
    error = None
    try:
        for handler in handlers_for(name):
            await handler(db, tenant_id, payload)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        if attempt >= FAILING_AFTER:
            log.error("event %s (%s) failed %d times; staff see it as failing", row_id, name, attempt)
        else:
            log.exception("a handler of %s failed; it will be retried", name)
    await _record_outcome(db, tenant_id, row_id, attempt, error)
    return error is None


async def _claim(db: Database, tenant_id: str, row_id: str, seen_attempts: int) -> tuple[str, Any] | None:
    async with db.uow(tenant_id=tenant_id) as uow:
        now = uow.clock.now()
        taken = await uow.s.execute(
            update(OutboxRow)
            .where(
                OutboxRow.tenant_id == tenant_id,
                OutboxRow.id == row_id,
                OutboxRow.dispatched_at.is_(None),
                OutboxRow.next_attempt_at <= now,
                OutboxRow.attempts == seen_attempts,
                unclaimed(now),
            )
            .values(attempts=seen_attempts + 1, claimed_until=now + LEASE)
        )
        if taken.rowcount != 1:
            return None
        row = (await uow.s.execute(select(OutboxRow.name, OutboxRow.payload).where(OutboxRow.id == row_id))).one()
        await uow.commit()
        return row.name, row.payload


async def _record_outcome(db: Database, tenant_id: str, row_id: str, attempt: int, error: str | None) -> None:
    async with db.uow(tenant_id=tenant_id) as uow:
        now = uow.clock.now()
        values: dict[str, Any] = (
            {"dispatched_at": now, "claimed_until": None}
            if error is None
            else {"claimed_until": None, "next_attempt_at": now + retry_delay(attempt), "last_error": error}
        )
        await uow.s.execute(
            update(OutboxRow)
            .where(
                OutboxRow.tenant_id == tenant_id,
                OutboxRow.id == row_id,
                OutboxRow.attempts == attempt,
                OutboxRow.dispatched_at.is_(None),
            )
            .values(**values)
        )
        await uow.commit()


async def prune_delivered(db: Database) -> int:
    """Delete events delivered longer ago than the retention; returns how many. Running it twice, or in two
    processes, deletes nothing twice: it only ever deletes rows that are already done with."""
    retention = timedelta(days=get_settings().outbox_retention_days)
    pruned = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            old = (
                select(OutboxRow.id)
                .where(
                    OutboxRow.tenant_id == tenant_id,
                    OutboxRow.dispatched_at.is_not(None),
                    OutboxRow.dispatched_at < uow.clock.now() - retention,
                )
                .limit(PRUNE_BATCH)
            )
            result = await uow.s.execute(
                delete(OutboxRow).where(OutboxRow.tenant_id == tenant_id, OutboxRow.id.in_(old.scalar_subquery()))
            )
            pruned += result.rowcount or 0
            await uow.commit()
    return pruned


register_job("outbox", dispatch_pending)
register_job("outbox.prune_delivered", prune_delivered)
