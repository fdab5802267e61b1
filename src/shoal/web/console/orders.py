"""Console orders: the list by status and search, an order with its history, shipping it, CSV export."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError
from shoal.orders import service as order_service
from shoal.orders import service_admin, service_queries
from shoal.orders.schemas import PickupVerify, ShipmentCreate, ShipmentLineIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.order_view import order_extras
from shoal.web.route import WebRoute
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


@router.get("/{order_id}", response_class=HTMLResponse)
async def order_detail(request: Request, ctx: ConsoleContext, order_id: str) -> HTMLResponse:
    order = await service_queries.get_order_detail(ctx.uow(), order_id=order_id)
    context = {**await order_extras(ctx, order), "order": order, "values": {}, "errors": {}}
    return render(request, "console/order.html", context)


@router.post("/{order_id}/ship")
async def ship(request: Request, ctx: ConsoleContext, order_id: str) -> Response:
    """Ship everything not shipped yet, with the carrier and tracking number typed in."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    order = await service_queries.get_order_detail(ctx.uow(), order_id=order_id)
    lines = [
        ShipmentLineIn(line_id=line.id, quantity=line.quantity - line.shipped_quantity)
        for line in order.lines
        if line.quantity > line.shipped_quantity
    ]
    data = ShipmentCreate(carrier=form.get("carrier", ""), tracking_number=form.get("tracking_number", ""), lines=lines)
    await service_admin.create_shipment(ctx.uow(), order_id=order_id, data=data)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/orders/{order_id}"})


@router.post("/{order_id}/cancel")
async def cancel(request: Request, ctx: ConsoleContext, order_id: str) -> Response:
    """Cancel the order; a paid one is refunded in full by payments, right after (see payments.handlers)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    await order_service.cancel_order(ctx.uow(), order_id=order_id, reason=form.get("reason") or None)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/orders/{order_id}"})
