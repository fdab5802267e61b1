"""Console imports as jobs: the upload answers at once with a job, the import runs after the response and
writes its progress to the job, and the page polls the job until it shows the report.

The job lives in the database rather than in the process, so whichever worker answers the poll can tell
how far along it is. Progress is written in its own short transactions, at most about 50 times per file.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from shoal.core.actors import Actor
from shoal.core.errors import NotFound, ShoalError
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.imports import formats
from shoal.imports.models import ImportJob
from shoal.imports.schemas import ImportJobRead
from shoal.imports.service import import_products

log = logging.getLogger("shoal.imports")
PROGRESS_WRITES = 50
# The largest upload imports in minutes; a job still "running" after this lost its process (a restart).
STALE_AFTER = timedelta(hours=1)
STALE_ERROR = {
    "en": "The import was interrupted (the server restarted). Upload the file again: products already imported "
    "are updated, not duplicated.",
    "zh-CN": "导入被中断（服务器重启）。请重新上传文件：已导入的商品会被更新，不会重复。",
}


async def start_job(uow: UnitOfWork, *, filename: str, text: str, fmt: str = "auto") -> ImportJobRead:
    """A job for ``text``; a file that is no product CSV at all is refused now, before any job exists."""
    if fmt == "auto":
        formats.detect(text)
    async with uow:
        uow.actor.require("catalog.write")
        job = ImportJob(
            tenant_id=uow.tenant_id,
            filename=filename[:200] or "-",
            status="running",
            done=0,
            total=0,
            created_by=uow.actor.label[:80],
            created_at=uow.clock.now(),
        )
        uow.s.add(job)
        await uow.s.flush()
        read = ImportJobRead.model_validate(job)
        await uow.commit()
        return read


async def get_job(uow: UnitOfWork, *, job_id: str) -> ImportJobRead:
    async with uow:
        uow.actor.require("catalog.read")
        job = await uow.s.get(ImportJob, job_id)
        if job is None or job.tenant_id != uow.tenant_id:
            raise NotFound("import_job", id=job_id)
        return ImportJobRead.model_validate(job)


async def run_job(
    db: Database,
    *,
    tenant_id: str,
    actor: Actor,
    job_id: str,
    text: str,
    fmt: str = "auto",
    location_code: str | None = None,
) -> None:
    """Import ``text`` for the job, then record the report, or why the file was refused."""

    def new_uow() -> UnitOfWork:
        return db.uow(tenant_id=tenant_id, actor=actor)

    written = 0

    async def progress(done: int, total: int) -> None:
        nonlocal written
        if done == total or done - written >= max(1, total // PROGRESS_WRITES):
            written = done
            await _write(new_uow(), job_id, done=done, total=total)

    try:
        report = await import_products(new_uow, text=text, fmt=fmt, location_code=location_code, progress=progress)
    except ShoalError as exc:
        error = {locale: exc.render(locale) for locale in SUPPORTED_LOCALES}
        await _write(new_uow(), job_id, status="failed", error=error, finished_at=db.clock.now())
        return
    except Exception:
        # A background task has no caller to raise to: record the failure so the page stops waiting.
        log.exception("import job %s failed", job_id)
        error = {"en": "The import stopped on an internal error; try again.", "zh-CN": "导入因内部错误中断，请重试。"}
        await _write(new_uow(), job_id, status="failed", error=error, finished_at=db.clock.now())
        return
    report_json = report.model_dump(mode="json")
    await _write(new_uow(), job_id, status="done", report=report_json, finished_at=db.clock.now())


async def _write(uow: UnitOfWork, job_id: str, **values: Any) -> None:
    async with uow:
        await uow.s.execute(
            update(ImportJob).where(ImportJob.tenant_id == uow.tenant_id, ImportJob.id == job_id).values(**values)
        )
        await uow.commit()


async def fail_stale_jobs(db: Database) -> int:
    """Mark jobs whose process died mid-import as failed, so their pages stop waiting and say what to do."""
    failed = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id) as uow:
            now = uow.clock.now()
            result = await uow.s.execute(
                update(ImportJob)
                .where(
                    ImportJob.tenant_id == tenant_id,
                    ImportJob.status == "running",
                    ImportJob.created_at < now - STALE_AFTER,
                )
                .values(status="failed", error=STALE_ERROR, finished_at=now)
            )
            failed += result.rowcount or 0
            await uow.commit()
    return failed


register_job("imports.fail_stale_jobs", fail_stale_jobs)
