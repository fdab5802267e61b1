"""Two job workers with pools of their own (as two ``shoal worker`` processes have) drain one outbox of many
events together, each taking what it can: every event is delivered exactly once (issue 13, docs/scaling.md).
The claim is one guarded ``UPDATE`` per event (``core.dispatcher``): of two workers on one row, one wins."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter

import pytest
from sqlalchemy import select

from shoal.core.dispatcher import dispatch_pending
from shoal.core.outbox import Event, OutboxRow, subscribe
from shoal.core.uow import Database

pytestmark = pytest.mark.pg_only
EVENTS = 300  # three batches of the dispatcher's 100: both workers take turns over several ticks
runs: Counter[tuple[str, int]] = Counter()


@dataclasses.dataclass(frozen=True, kw_only=True)
class JobRequested(Event):
    n: int


async def _run(_db, tenant_id, payload) -> None:  # type: ignore[no-untyped-def]
    runs[(tenant_id, payload["n"])] += 1
    await asyncio.sleep(0)  # let the other worker in while this one is mid-job


subscribe(JobRequested, _run)


async def _drain(worker: Database) -> int:
    delivered = 0
    while done := await dispatch_pending(worker):
        delivered += done
    return delivered


async def test_two_worker_pools_run_each_job_once(db, database_url, uow_factory, tenant) -> None:
    async with uow_factory() as uow:
        for n in range(EVENTS):
            uow.emit(JobRequested(n=n))
        await uow.commit()
    workers = [Database(database_url, app_role="shoal_app", pool_size=4, clock=db.clock) for _ in range(2)]
    try:
        shares = await asyncio.gather(*(_drain(worker) for worker in workers))
    finally:
        for worker in workers:
            await worker.dispose()

    assert all(shares), shares  # both workers took part
    assert {n: runs[(tenant.id, n)] for n in range(EVENTS)} == dict.fromkeys(range(EVENTS), 1)
    async with db.uow(tenant_id=tenant.id) as uow:
        rows = (
            await uow.s.execute(
                select(OutboxRow.attempts, OutboxRow.dispatched_at).where(
                    OutboxRow.tenant_id == tenant.id, OutboxRow.name == JobRequested.event_name()
                )
            )
        ).all()
    assert len(rows) == EVENTS and all(attempts == 1 and done is not None for attempts, done in rows)
