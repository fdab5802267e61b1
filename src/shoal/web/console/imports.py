"""Console CSV import: upload a Shopify, WooCommerce or Shoal product file, watch its progress, then see what
was created, updated and refused.

The upload answers at once with an import job; the import runs after the response (a background task) and
the page polls the job, so a large file neither times out the request nor leaves the operator guessing.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse

from shoal.core.errors import ShoalError
from shoal.imports import formats
from shoal.imports import service_jobs as jobs
from shoal.imports.errors import UnknownFileFormat
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/import", route_class=WebRoute, include_in_schema=False)
MAX_UPLOAD = 20 * 1024 * 1024


@router.get("", response_class=HTMLResponse)
async def import_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/import.html", {"job": None, "error": None})


@router.post("", response_class=HTMLResponse)
async def upload(request: Request, ctx: ConsoleContext, background: BackgroundTasks) -> HTMLResponse:
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if hasattr(upload, "read") else b""
    try:
        if not raw or len(raw) > MAX_UPLOAD:
            raise UnknownFileFormat()
        text = formats.decode(raw)  # UTF-8, or GB18030 as Excel in Chinese saves CSV
        job = await jobs.start_job(ctx.uow(), filename=str(getattr(upload, "filename", "") or ""), text=text)
    except ShoalError as exc:
        context = {"job": None, "error": exc.render(ctx.locale)}
        return render(request, "console/import.html", context, status=422, block="result")
    background.add_task(jobs.run_job, ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, job_id=job.id, text=text)
    return render(request, "console/import.html", {"job": job, "error": None}, block="result")


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_progress(request: Request, ctx: ConsoleContext, job_id: str) -> HTMLResponse:
    job = await jobs.get_job(ctx.uow(), job_id=job_id)
    error = job.error.get(ctx.locale) if job.error else None
    return render(request, "console/import.html", {"job": job, "error": error}, block="result")
