"""Dispatch outbox events to their handlers after commit, at least once.

No transaction is held open while a handler runs: handlers open their own units of work (on SQLite a
held write transaction would block them), and each event is marked done in a short transaction of its
own once every handler has succeeded. A failed event is retried on later ticks, up to ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update

from shoal.core.outbox import OutboxRow, handlers_for
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database

log = logging.getLogger("shoal.outbox")
BATCH = 100
MAX_ATTEMPTS = 10


async def dispatch_pending(db: Database) -> int:
    dispatched = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            pending = (
                await uow.s.execute(
                    select(OutboxRow.id, OutboxRow.name, OutboxRow.payload)
                    .where(
                        OutboxRow.tenant_id == tenant_id,
                        OutboxRow.dispatched_at.is_(None),
                        OutboxRow.attempts < MAX_ATTEMPTS,
                    )
                    .order_by(OutboxRow.created_at, OutboxRow.id)
                    .limit(BATCH)
                )
            ).all()
        for row_id, name, payload in pending:
            dispatched += await _deliver(db, tenant_id, row_id, name, payload)
    return dispatched


async def _deliver(db: Database, tenant_id: str, row_id: str, name: str, payload: dict[str, Any]) -> int:
    error = None
    try:
        for handler in handlers_for(name):
            await handler(db, tenant_id, payload)
    except Exception as exc:
        log.exception("a handler of %s failed; it will be retried", name)
        error = str(exc)[:500]
    async with db.uow(tenant_id=tenant_id) as uow:
        values: dict[str, Any] = (
            {"dispatched_at": uow.clock.now()}
            if error is None
            else {"attempts": OutboxRow.attempts + 1, "last_error": error}
        )
        await uow.s.execute(
            update(OutboxRow).where(OutboxRow.id == row_id, OutboxRow.dispatched_at.is_(None)).values(**values)
        )
        await uow.commit()
    return error is None


register_job("outbox", dispatch_pending)
