"""Console stock transfers (调拨): list by status, create from SKU lines, ship, receive, cancel.

Staff think in SKU codes, so the form takes one ``SKU quantity`` per line and the page resolves the codes
to variants before calling the inventory service; every stock movement and its guard stays in that service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError, ValidationFailed
from shoal.inventory import service as inventory
from shoal.inventory import service_transfers as transfers
from shoal.inventory.schemas import TransferCreate
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/inventory/transfers", route_class=WebRoute, include_in_schema=False)
FIELDS = {"source_location_id", "destination_location_id", "lines", "note"}
STATUSES = ("draft", "in_transit", "received", "cancelled")


def read_lines(text: str, gettext: Callable[[str], str]) -> tuple[list[tuple[str, int]], str | None]:
    """``SKU quantity`` per line -> pairs, or the first problem in words the operator can act on."""
    pairs: list[tuple[str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.replace(",", " ").replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) < 1:
            return [], gettext("Line %(line)s: write a SKU and a whole number of units, e.g. TEE-RED-M 5.") % {
                "line": number
            }
        pairs.append((parts[0], int(parts[1])))
    if not pairs:
        return [], gettext("Add at least one line: a SKU and a number of units.")
    return pairs, None


async def _context(
    ctx: RequestContext, status: str, values: dict[str, str], errors: dict[str, str], cursor: str | None = None
) -> dict[str, Any]:
    page = await transfers.list_transfers(ctx.uow(), limit=50, cursor=cursor, status=status or None)
    ids = list({line.variant_id for t in page.items for line in t.lines})
    locations = await inventory.list_locations(ctx.uow())
    return {
        "page": page,
        "status": status,
        "statuses": STATUSES,
        "locations": {loc.id: loc for loc in locations},
        "location_choices": [("", "—")] + [(loc.id, loc.name) for loc in locations],
        "variants": await variants.variants_for_pricing(ctx.uow(), variant_ids=ids),
        "values": values,
        "errors": errors,
    }


@router.get("", response_class=HTMLResponse)
async def transfer_list(
    request: Request, ctx: ConsoleContext, status: str = "", cursor: str | None = None
) -> HTMLResponse:
    return render(request, "console/transfers.html", await _context(ctx, status, {}, {}, cursor))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    values = {key: str(value) for key, value in (await request.form()).items()}
    gettext = translations(ctx.locale).gettext
    try:
        pairs, problem = read_lines(values.get("lines", ""), gettext)
        if problem:
            raise _field_error("lines", problem)
        ids = await variants.variant_ids_by_sku(ctx.uow(), skus=[sku for sku, _ in pairs])
        unknown = [sku for sku, _ in pairs if sku not in ids]
        if unknown:
            raise _field_error("lines", gettext("No variant has the SKU %(sku)s.") % {"sku": ", ".join(unknown)})
        data = TransferCreate.model_validate(
            {
                "source_location_id": values.get("source_location_id", ""),
                "destination_location_id": values.get("destination_location_id", ""),
                "lines": [{"variant_id": ids[sku], "quantity": quantity} for sku, quantity in pairs],
                "note": values.get("note") or None,
            }
        )
        await transfers.create_transfer(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(_lines_errors(errors_of(request, exc)), FIELDS)
        return render(request, "console/transfers.html", await _context(ctx, "", values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/inventory/transfers"})


def _field_error(field: str, message: str) -> ShoalError:
    return ValidationFailed(errors=[{"field": field, "message": message}])


def _lines_errors(errors: dict[str, str]) -> dict[str, str]:
    """``lines.0.quantity`` from the schema belongs to the one textarea that holds every line."""
    return {("lines" if key.startswith("lines.") else key): message for key, message in errors.items()}


ACTIONS = {"ship": transfers.ship_transfer, "receive": transfers.receive_transfer, "cancel": transfers.cancel_transfer}


@router.post("/{transfer_id}/{action}", response_class=HTMLResponse)
async def act(ctx: ConsoleContext, transfer_id: str, action: str) -> Response:
    """Ship, receive or cancel; a refusal (not enough stock, wrong state) shows in the flash area."""
    move = ACTIONS.get(action)
    if move is None:
        return Response(status_code=404)
    await move(ctx.uow(), transfer_id=transfer_id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})
