"""Product import and export over HTTP (admin)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, status
from fastapi.responses import Response

from shoal.core.openapi import CSV_RESPONSE
from shoal.identity.deps import StaffContext
from shoal.imports import formats, service, service_jobs
from shoal.imports.errors import UnknownFileFormat
from shoal.imports.schemas import ImportJobRead, ImportReport

router = APIRouter(prefix="/api/v1/admin", tags=["catalog"])
MAX_UPLOAD = 20 * 1024 * 1024


@router.post(
    "/imports/products",
    response_model=ImportReport,
    summary="Import products from a Shopify, WooCommerce or Shoal CSV",
    description="Send the CSV as the request body (`text/csv`) or as a multipart field `file`. "
    "Bad rows are reported with their line number; their products are skipped whole.",
)
async def import_products(
    request: Request,
    ctx: StaffContext,
    format: Annotated[Literal["auto", "shopify", "shoal", "woocommerce"], Query()] = "auto",
    location: Annotated[str | None, Query(max_length=40, description="Location code for stock counts.")] = None,
) -> ImportReport:
    text = await _csv_text(request)
    return await service.import_products(ctx.uow, text=text, fmt=format, location_code=location)


@router.post(
    "/imports/jobs",
    response_model=ImportJobRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start importing a product CSV in the background",
    description="The same file as `POST /imports/products`, for large files: answers at once with a job; poll "
    "`GET /imports/jobs/{id}` for its progress (`done` of `total` products) and, once `done`, its report.",
)
async def start_import_job(
    request: Request,
    ctx: StaffContext,
    background: BackgroundTasks,
    format: Annotated[Literal["auto", "shopify", "shoal", "woocommerce"], Query()] = "auto",
    location: Annotated[str | None, Query(max_length=40, description="Location code for stock counts.")] = None,
) -> ImportJobRead:
    text = await _csv_text(request)
    filename = request.headers.get("x-filename", "api.csv")
    job = await service_jobs.start_job(ctx.uow(), filename=filename, text=text, fmt=format)
    background.add_task(
        service_jobs.run_job, ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, job_id=job.id, text=text,
        fmt=format, location_code=location,
    )  # fmt: skip
    return job


@router.get("/imports/jobs/{job_id}", response_model=ImportJobRead, summary="An import job's progress and report")
async def import_job(job_id: str, ctx: StaffContext) -> ImportJobRead:
    return await service_jobs.get_job(ctx.uow(), job_id=job_id)


@router.get(
    "/exports/products.csv",
    summary="Export every product as Shoal CSV",
    response_class=Response,
    responses=CSV_RESPONSE,
)
async def export_products(ctx: StaffContext) -> Response:
    body = await service.export_products_csv(ctx.uow)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )


async def _csv_text(request: Request) -> str:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        raw = await upload.read(MAX_UPLOAD + 1) if hasattr(upload, "read") else b""
    else:
        raw = await request.body()
    if not raw or len(raw) > MAX_UPLOAD:
        raise UnknownFileFormat()
    return formats.decode(raw)
