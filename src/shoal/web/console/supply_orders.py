"""Console purchase orders (采购单): the list by status, the form that drafts one from SKU lines, an order's page
with its lines and receipts, send / close / cancel, receiving (partial receipts, over-receipt only when ticked),
a print view for the supplier, and the CSV export.

Receiving goes through the supply service's ``receive_once`` with a key the page rendered, so a double click or
a retried submit books the goods once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError, ValidationFailed
from shoal.core.money import parse_decimal_amount
from shoal.inventory import service as inventory
from shoal.supply import service_orders, service_receiving, service_suppliers
from shoal.supply.schemas import PO_STATUSES, PurchaseOrderCreate, ReceiveIn
from shoal.web.actors import actor_names
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import FORM_ERROR, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/supply/purchase-orders", route_class=WebRoute, include_in_schema=False)
HOME = "/console/supply/purchase-orders"
FIELDS = {"supplier_id", "location_id", "lines", "note"}
Line = tuple[str, int, str | None]


def read_lines(text: str, gettext: Callable[[str], str]) -> tuple[list[Line], str | None]:
    """``SKU quantity [unit cost in yuan]`` per line -> triples, or the first problem in words staff can act on."""
    found: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.replace(",", " ").replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) not in (2, 3) or not parts[1].isdigit() or int(parts[1]) < 1:
            message = gettext(
                "Line %(line)s: write a SKU, whole units and optionally a unit cost, e.g. TEA-250G 24 12.50."
            )
            return [], message % {"line": number}
        found.append((parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None))
    if not found:
        return [], gettext("Add at least one line: a SKU and a number of units.")
    return found, None


async def _names(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    suppliers = {s.id: s for s in await service_suppliers.list_suppliers(ctx.uow())}
    locations = {loc.id: loc for loc in await inventory.list_locations(ctx.uow())}
    return suppliers, locations


async def _list_context(
    ctx: RequestContext, status: str, values: dict[str, str], errors: dict[str, str], cursor: str | None = None
) -> dict[str, Any]:
    page = await service_orders.list_orders(ctx.uow(), limit=50, cursor=cursor, status=status or None)
    suppliers, locations = await _names(ctx)
    return {
        "page": page, "status": status, "statuses": PO_STATUSES, "suppliers": suppliers, "locations": locations,
        "supplier_choices": [("", "—")] + [(s.id, f"{s.name} ({s.code})") for s in suppliers.values() if s.active],
        "location_choices": [("", "—")] + [(x.id, x.name) for x in locations.values() if x.active],
        "values": values, "errors": errors,
    }  # fmt: skip


@router.get("", response_class=HTMLResponse)
async def order_list(
    request: Request, ctx: ConsoleContext, status: str = "", supplier_id: str = "", cursor: str | None = None
) -> HTMLResponse:
    context = await _list_context(ctx, status, {"supplier_id": supplier_id}, {}, cursor)
    return render(request, "console/supply_orders.html", context)


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Draft an order; a refused form comes back with each problem under its input and nothing saved."""
    values = {key: str(value) for key, value in (await request.form()).items()}
    gettext = translations(ctx.locale).gettext
    try:
        lines, problem = read_lines(values.get("lines", ""), gettext)
        if problem:
            raise _field_error("lines", problem)
        ids = await variants.variant_ids_by_sku(ctx.uow(), skus=[sku for sku, _, _ in lines])
        unknown = [sku for sku, _, _ in lines if sku not in ids]
        if unknown:
            raise _field_error("lines", gettext("No variant has the SKU %(sku)s.") % {"sku": ", ".join(unknown)})
        data = PurchaseOrderCreate.model_validate({
            "supplier_id": values.get("supplier_id", ""), "location_id": values.get("location_id", ""),
            "lines": [{"variant_id": ids[sku], "quantity": quantity, "unit_cost": _fen(cost, ctx, gettext)}
                      for sku, quantity, cost in lines],
            "note": values.get("note") or None,
        })  # fmt: skip
        made = await service_orders.create_order(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(_lines_errors(errors_of(request, exc)), FIELDS)
        return render(request, "console/supply_orders.html", await _list_context(ctx, "", values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{made.id}"})


def _fen(cost: str | None, ctx: RequestContext, gettext: Callable[[str], str]) -> int | None:
    if cost is None:
        return None
    try:
        return parse_decimal_amount(cost, ctx.tenant.currency)
    except ValueError:
        raise _field_error("lines", gettext("%(cost)s is not an amount like 12.50.") % {"cost": cost}) from None


def _field_error(field: str, message: str) -> ShoalError:
    return ValidationFailed(errors=[{"field": field, "message": message}])


def _lines_errors(errors: dict[str, str]) -> dict[str, str]:
    """``lines.0.quantity`` from the schema belongs to the one textarea that holds every line."""
    return {("lines" if key.startswith("lines.") else key): message for key, message in errors.items()}


async def _order_context(
    ctx: RequestContext, order_id: str, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    order = await service_orders.get_order(ctx.uow(), order_id=order_id)
    supplier = await service_suppliers.get_supplier(ctx.uow(), supplier_id=order.supplier_id)
    location = await inventory.get_location(ctx.uow(), location_id=order.location_id)
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=[line.variant_id for line in order.lines])
    actors = await actor_names(ctx, [r.actor for r in order.receipts], translations(ctx.locale).gettext)
    return {
        "order": order, "supplier": supplier, "location": location, "snaps": snaps, "values": values,
        "errors": errors, "receive_key": str(uuid.uuid4()), "actors": actors,
    }  # fmt: skip


@router.get("/{order_id}", response_class=HTMLResponse)
async def order_page(request: Request, ctx: ConsoleContext, order_id: str) -> HTMLResponse:
    return render(request, "console/supply_order.html", await _order_context(ctx, order_id, {}, {}))


@router.get("/{order_id}/print", response_class=HTMLResponse)
async def print_view(request: Request, ctx: ConsoleContext, order_id: str) -> HTMLResponse:
    """The order as the supplier should see it (采购单打印): lines with SKU, quantity, cost, expected dates."""
    return render(request, "console/supply_order_print.html", await _order_context(ctx, order_id, {}, {}))


@router.get("/{order_id}/export.csv")
async def export(ctx: ConsoleContext, order_id: str) -> Response:
    text = await service_orders.export_csv(ctx.uow(), order_id=order_id)
    disposition = f'attachment; filename="purchase-order-{order_id}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


@router.post("/{order_id}/receive", response_class=HTMLResponse)
async def receive(request: Request, ctx: ConsoleContext, order_id: str) -> Response:
    """Book the units typed per line (blank or 0: none this time); a refusal comes back above the form."""
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    gettext = translations(ctx.locale).gettext
    lines = [
        {"variant_id": key.removeprefix("receive."), "quantity": value}
        for key, value in values.items()
        if key.startswith("receive.") and value not in ("", "0")
    ]
    errors: dict[str, str] = {}
    if not lines:
        errors[FORM_ERROR] = gettext("Type how many units arrived on at least one line.")
    else:
        try:
            over = values.get("allow_over_receipt") == "on"
            data = ReceiveIn.model_validate(
                {"lines": lines, "note": values.get("note") or None, "allow_over_receipt": over}
            )
        except ValidationError:
            errors[FORM_ERROR] = gettext("Units received must be whole numbers above zero.")
        else:
            key = values.get("receive_key") or str(uuid.uuid4())
            outcome = await service_receiving.receive_once(
                ctx.uow, order_id=order_id, data=data, key=key, locale=ctx.locale
            )
            if outcome.status < 400:
                return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{order_id}"})
            errors[FORM_ERROR] = str(outcome.body.get("detail") or outcome.body.get("title") or "")
    context = await _order_context(ctx, order_id, values, errors)
    return render(request, "console/supply_order.html", context, status=422)


@router.post("/{order_id}/{action}", response_class=HTMLResponse)
async def act(ctx: ConsoleContext, order_id: str, action: str) -> Response:
    """Send, close or cancel; a refusal (wrong state) shows in the flash area."""
    if action not in ("send", "close", "cancel"):
        return Response(status_code=404)
    await service_orders.move_order(ctx.uow(), order_id=order_id, action=action)
    return Response(status_code=204, headers={"HX-Refresh": "true"})
