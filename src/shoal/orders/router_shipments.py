"""Shipment routes: the carrier list, a shopper's parcels, tracking callbacks and refreshes, bulk shipping.

Included by ``orders.router``, so the orders tag and the app's router list stay one place.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from shoal.core.csv_text import decode_csv
from shoal.core.http import get_db
from shoal.core.openapi import CSV_RESPONSE
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders import carriers, rules_bulk_ship, service_bulk_ship, service_tracking
from shoal.orders.errors import BulkShipFileInvalid
from shoal.orders.schemas import BulkShipReport, CarrierRead, ShipmentRead

router = APIRouter(tags=["orders"])
MAX_UPLOAD = 2 * 1024 * 1024  # a thousand rows of three short cells fit many times over


@router.get("/api/v1/carriers", response_model=list[CarrierRead], summary="Carriers a shipment may name")
async def carrier_list() -> list[CarrierRead]:
    return [
        CarrierRead(code=c.code, name={"zh-CN": c.name_zh, "en": c.name_en}, tracking_url=c.tracking_url)
        for c in carriers.CARRIERS
    ]


@router.get(
    "/api/v1/store/orders/{order_id}/shipments",
    response_model=list[ShipmentRead],
    summary="My order's parcels, each with its carrier, tracking page and timeline",
)
async def my_shipments(order_id: str, ctx: ShopperContext) -> list[ShipmentRead]:
    return await service_tracking.my_shipments(ctx.uow(), order_id=order_id)


@router.post(
    "/api/v1/tracking/{provider}/callback/{tenant_id}/{shipment_id}",
    summary="Tracking changes posted by the tracking provider (快递100's subscription callback)",
)
async def tracking_callback(
    provider: str,
    tenant_id: str,
    shipment_id: str,
    request: Request,
    param: Annotated[str, Form(max_length=200_000)],
    sign: Annotated[str, Form(max_length=64)],
) -> JSONResponse:
    ack = await service_tracking.apply_callback(
        get_db(request),
        provider=provider,
        tenant_id=tenant_id,
        shipment_id=shipment_id,
        form={"param": param, "sign": sign},
    )
    return JSONResponse(ack)


@router.post(
    "/api/v1/admin/shipments/{shipment_id}/tracking",
    response_model=ShipmentRead,
    summary="Ask the tracking provider now and record its answer (查询物流)",
)
async def refresh_tracking(shipment_id: str, ctx: StaffContext) -> ShipmentRead:
    return await service_tracking.refresh(ctx.db, ctx.uow(), shipment_id=shipment_id)


@router.post(
    "/api/v1/admin/shipments/bulk",
    response_model=BulkShipReport,
    summary="Bulk shipping: a CSV of order number, carrier, tracking number (UTF-8 or GB18030)",
)
async def bulk_ship(ctx: StaffContext, file: Annotated[UploadFile, File(description="The CSV file")]) -> BulkShipReport:
    return await service_bulk_ship.ship_file(
        ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, text=await read_upload(file)
    )


@router.get(
    "/api/v1/admin/shipments/bulk/template.csv",
    summary="An empty bulk-shipping file with its header row",
    response_class=Response,
    responses=CSV_RESPONSE,
)
async def bulk_ship_template(ctx: StaffContext) -> Response:
    return Response(
        "\ufeff" + rules_bulk_ship.TEMPLATE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="bulk-shipping.csv"'},
    )


async def read_upload(file: object) -> str:
    """The text of an uploaded bulk-shipping file, or 422 ``bulk_ship_file_invalid``."""
    raw = await file.read(MAX_UPLOAD + 1) if hasattr(file, "read") else b""
    if not raw or len(raw) > MAX_UPLOAD:
        raise BulkShipFileInvalid(reason="empty or over 2 MB / 文件为空或超过 2 MB")
    try:
        return decode_csv(raw)
    except UnicodeDecodeError as exc:
        raise BulkShipFileInvalid(reason="not UTF-8 or GB18030 / 编码不是 UTF-8 或 GB18030") from exc
