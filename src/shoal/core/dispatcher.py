"""Dispatch outbox events to their handlers after commit, at least once."""

from __future__ import annotations

import logging

from sqlalchemy import select

from shoal.core.outbox import OutboxRow, handlers_for
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database

log = logging.getLogger("shoal.outbox")
BATCH = 100


async def dispatch_pending(db: Database) -> int:
    """Hand each undispatched event to its handlers; mark it dispatched only if all succeeded."""
    dispatched = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            rows = (
                (
                    await uow.s.execute(
                        select(OutboxRow)
                        .where(
                            OutboxRow.tenant_id == tenant_id, OutboxRow.dispatched_at.is_(None), OutboxRow.attempts < 10
                        )
                        .order_by(OutboxRow.created_at)
                        .limit(BATCH)
                    )
                )
                .scalars()
                .all()
            )
            for row in rows:
                try:
                    for handler in handlers_for(row.name):
                        await handler(tenant_id, row.payload)
                    row.dispatched_at = uow.clock.now()
                    dispatched += 1
                except Exception as exc:
                    log.exception("handler of %s failed", row.name)
                    row.attempts += 1
                    row.last_error = str(exc)[:500]
            await uow.commit()
    return dispatched


register_job("outbox", dispatch_pending)
