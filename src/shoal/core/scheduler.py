"""Background jobs (sweepers, outbox dispatch) run in-process by default or by ``shoal worker``.

A job is an async function of the database that does one bounded batch and returns how much it did.
Jobs are idempotent and safe to run in several processes at once: each claims work with guarded
updates, so running ``shoal worker`` beside ``shoal serve`` never doubles anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select

from shoal.core.tenancy import TenantRow
from shoal.core.uow import Database

log = logging.getLogger("shoal.scheduler")
JobFn = Callable[[Database], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    run: JobFn


_jobs: dict[str, Job] = {}


def register_job(name: str, run: JobFn) -> None:
    _jobs[name] = Job(name, run)


def registered_jobs() -> list[Job]:
    return list(_jobs.values())


async def tenant_ids(db: Database) -> list[str]:
    """Sweepers work tenant by tenant, so row-level security stays on for them too."""
    async with db.session() as session:
        return list((await session.execute(select(TenantRow.id).where(TenantRow.status == "active"))).scalars())


async def run_once(db: Database) -> dict[str, int]:
    done: dict[str, int] = {}
    for job in registered_jobs():
        try:
            done[job.name] = await job.run(db)
        except Exception:
            log.exception("job %s failed; it will run again on the next tick", job.name)
    return done


async def run_forever(db: Database, interval_seconds: float) -> None:
    while True:
        await run_once(db)
        await asyncio.sleep(interval_seconds)
