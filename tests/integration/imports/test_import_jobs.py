"""Console import jobs: progress written as the import goes, the report or the refusal kept, tenants apart."""

from __future__ import annotations

import pytest

from shoal.core.errors import NotFound
from shoal.imports import service_jobs as jobs
from shoal.imports.errors import UnknownFileFormat
from tests.conftest import new_tenant, staff_actor
from tests.unit.imports.test_parsers import SHOPIFY_FIXTURE


async def test_a_job_records_its_progress_and_report(db, tenant, uow_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    write = jobs._write

    async def spy(uow, job_id, **values):  # type: ignore[no-untyped-def]
        if "done" in values:
            seen.append((values["done"], values["total"]))
        await write(uow, job_id, **values)

    monkeypatch.setattr(jobs, "_write", spy)
    text = SHOPIFY_FIXTURE.read_text(encoding="utf-8")
    job = await jobs.start_job(uow_factory(), filename="shopify.csv", text=text)
    assert (job.status, job.done, job.total) == ("running", 0, 0)
    await jobs.run_job(db, tenant_id=tenant.id, actor=staff_actor(), job_id=job.id, text=text)

    finished = await jobs.get_job(uow_factory(), job_id=job.id)
    assert finished.status == "done" and finished.report is not None and finished.finished_at is not None
    assert finished.done == finished.total == finished.report.products > 0
    assert seen and seen[-1] == (finished.total, finished.total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)  # progress only moves forward


async def test_a_file_that_is_no_product_csv_gets_no_job(uow_factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownFileFormat):
        await jobs.start_job(uow_factory(), filename="junk.csv", text="not,a,product,file\n1,2,3,4")


async def test_a_file_refused_while_importing_fails_the_job_in_both_languages(db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    job = await jobs.start_job(uow_factory(), filename="junk.csv", text=SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    await jobs.run_job(db, tenant_id=tenant.id, actor=staff_actor(), job_id=job.id, text="not,a,product,file\n1,2,3,4")
    failed = await jobs.get_job(uow_factory(), job_id=job.id)
    assert failed.status == "failed" and failed.report is None
    assert failed.error is not None and set(failed.error) == {"zh-CN", "en"}


async def test_another_tenant_cannot_see_a_job(db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    job = await jobs.start_job(uow_factory(), filename="mine.csv", text=SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await jobs.get_job(db.uow(tenant_id=other.id, actor=staff_actor()), job_id=job.id)


async def test_a_job_left_running_by_a_dead_process_is_failed_by_the_sweeper(db, tenant, uow_factory, clock) -> None:  # type: ignore[no-untyped-def]
    job = await jobs.start_job(uow_factory(), filename="big.csv", text=SHOPIFY_FIXTURE.read_text(encoding="utf-8"))
    clock.advance(minutes=59)
    await jobs.fail_stale_jobs(db)
    assert (await jobs.get_job(uow_factory(), job_id=job.id)).status == "running"
    clock.advance(minutes=2)
    assert await jobs.fail_stale_jobs(db) >= 1
    stale = await jobs.get_job(uow_factory(), job_id=job.id)
    assert stale.status == "failed" and stale.error == jobs.STALE_ERROR and stale.finished_at is not None
