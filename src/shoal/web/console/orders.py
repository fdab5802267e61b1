"""Console orders: the list by status and search, an order with its history and parcels, shipping it (one
order, or many from a file), its packing slip, CSV export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError
from shoal.orders import service as order_service
from shoal.orders import service_admin, service_bulk_ship, service_queries, service_tracking
from shoal.orders.errors import UnknownCarrier
from shoal.orders.router_shipments import read_upload
from shoal.orders.schemas import PickupVerify, RemainingShipmentCreate
from shoal.orders.tracking.config import tracker_from_env
from shoal.web.actors import actor_names
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import FORM_ERROR, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.order_view import order_extras
from shoal.web.route import WebRoute
from shoal.web.storefront.qr import qr_svg
from shoal.web.templating import render

router = APIRouter(prefix="/console/orders", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def order_list(
    request: Request, ctx: ConsoleContext, status: str = "", q: str = "", cursor: str | None = None
) -> HTMLResponse:
    page = await service_queries.list_orders(ctx.uow(), status=status or None, q=q or None, limit=50, cursor=cursor)
    return render(request, "console/orders.html", {"page": page, "status": status, "q": q})


@router.get("/pickup", response_class=HTMLResponse)
async def pickup_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/pickup.html", {"values": {}, "errors": {}, "order": None})


@router.post("/pickup", response_class=HTMLResponse)
async def pickup(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """A clerk types the shopper's pickup code; the order is handed over (only at the clerk's store)."""
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        order = await service_admin.verify_pickup(ctx.uow(), data=PickupVerify(code=form.get("code", "")))
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), {"code"})
        return render(request, "console/pickup.html", {"values": form, "errors": errors, "order": None}, status=422)
    return render(request, "console/pickup.html", {"values": {}, "errors": {}, "order": order})


@router.get("/bulk-ship", response_class=HTMLResponse)
async def bulk_ship_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/bulk_ship.html", {"report": None, "error": None})


@router.post("/bulk-ship", response_class=HTMLResponse)
async def bulk_ship(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """Ship every row of an uploaded file that can ship; the report says which rows failed and why."""
    upload = (await request.form()).get("file")
    try:
        text = await read_upload(upload)
        report = await service_bulk_ship.ship_file(ctx.db, tenant_id=ctx.tenant.id, actor=ctx.actor, text=text)
    except ShoalError as exc:
        context = {"report": None, "error": exc.render(ctx.locale)}
        return render(request, "console/bulk_ship.html", context, status=422, block="result")
    return render(request, "console/bulk_ship.html", {"report": report, "error": None}, block="result")


@router.post("/shipments/{shipment_id}/tracking")
async def refresh_tracking(request: Request, ctx: ConsoleContext, shipment_id: str) -> Response:
    """Ask the tracking provider about a parcel now (查询物流), then show the order again."""
    shipment = await service_tracking.refresh(ctx.db, ctx.uow(), shipment_id=shipment_id)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/orders/{shipment.order_id}"})


@router.get("/{order_id}", response_class=HTMLResponse)
async def order_detail(request: Request, ctx: ConsoleContext, order_id: str) -> HTMLResponse:
    return render(request, "console/order.html", await _order_page(ctx, order_id))


@router.get("/{order_id}/packing-slip", response_class=HTMLResponse)
async def packing_slip(request: Request, ctx: ConsoleContext, order_id: str) -> HTMLResponse:
    """A printable packing slip (发货单): lines with SKU and variant, the address, the order number as a QR code."""
    order = await service_queries.get_order_detail(ctx.uow(), order_id=order_id)
    return render(request, "console/packing_slip.html", {"order": order, "order_qr": qr_svg(order.number, pixels=120)})


@router.post("/{order_id}/ship")
async def ship(request: Request, ctx: ConsoleContext, order_id: str) -> Response:
    """Ship everything not shipped yet, with a carrier of the list and the tracking number typed in."""
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        data = RemainingShipmentCreate(carrier=form.get("carrier", ""), tracking_number=form.get("tracking_number", ""))
        await service_admin.ship_remaining(ctx.uow(), order_id=order_id, data=data)
    except (ShoalError, ValidationError) as exc:
        errors = errors_of(request, exc)
        if isinstance(exc, UnknownCarrier):  # a domain error, but about one field: say it beside the field
            errors = {"carrier": errors[FORM_ERROR]}
        errors = place_errors(errors, {"carrier", "tracking_number"})
        context = await _order_page(ctx, order_id, values=form, errors=errors)
        return render(request, "console/order.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/orders/{order_id}"})


@router.post("/{order_id}/cancel")
async def cancel(request: Request, ctx: ConsoleContext, order_id: str) -> Response:
    """Cancel the order; a paid one is refunded in full by payments, right after (see payments.handlers)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    await order_service.cancel_order(ctx.uow(), order_id=order_id, reason=form.get("reason") or None)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/orders/{order_id}"})


async def _order_page(
    ctx: ConsoleContext, order_id: str, values: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    order = await service_queries.get_order_detail(ctx.uow(), order_id=order_id)
    extras = await order_extras(ctx, order)
    tracking_on = tracker_from_env() is not None
    actors = await actor_names(ctx, [event.actor for event in order.history], translations(ctx.locale).gettext)
    return {
        **extras,
        "order": order,
        "actors": actors,
        "values": values or {},
        "errors": errors or {},
        "tracking_on": tracking_on,
    }
