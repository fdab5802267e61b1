"""Console CSV import: upload a Shopify or Shoal product file; see what was created, updated and refused."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.core.errors import ShoalError
from shoal.imports import service as imports
from shoal.imports.errors import UnknownFileFormat
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/import", route_class=WebRoute, include_in_schema=False)
MAX_UPLOAD = 20 * 1024 * 1024


@router.get("", response_class=HTMLResponse)
async def import_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/import.html", {"report": None, "error": None})


@router.post("", response_class=HTMLResponse)
async def upload(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if hasattr(upload, "read") else b""
    try:
        if not raw or len(raw) > MAX_UPLOAD:
            raise UnknownFileFormat()
        report = await imports.import_products(ctx.uow, text=raw.decode("utf-8-sig", errors="strict"))
    except (ShoalError, UnicodeDecodeError) as exc:
        problem = exc if isinstance(exc, ShoalError) else UnknownFileFormat()
        context = {"report": None, "error": problem.render(ctx.locale)}
        return render(request, "console/import.html", context, status=422, block="result")
    return render(request, "console/import.html", {"report": report, "error": None}, block="result")
