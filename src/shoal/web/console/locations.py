"""Console stores and warehouses (门店与仓库): the list, a new location and editing one — address, opening hours,
pickup on or off and the map point. Reading the form is ``location_form`` (pure, unit-tested); permissions
(``inventory.write``) and rules are the inventory service's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate, LocationUpdate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.location_form import (
    FIELDS,
    NEW_LOCATION,
    coverage_names,
    input_name,
    location_values,
    read_location,
)
from shoal.web.console.product_form import form_values
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

BASE = "/console/settings/locations"
router = APIRouter(prefix=BASE, route_class=WebRoute, include_in_schema=False)
EDIT = "console/location_edit.html"


def _require_write(ctx: RequestContext) -> None:
    """Reading locations is open to every staff member; these pages change them."""
    ctx.actor.require("inventory.write")


@router.get("", response_class=HTMLResponse)
async def locations_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    _require_write(ctx)
    locations = await inventory.list_locations(ctx.uow())
    areas = {loc.id: coverage_names(loc.coverage) for loc in locations}
    return render(request, "console/locations.html", {"locations": locations, "areas": areas})


@router.get("/new", response_class=HTMLResponse)
async def new_location(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    _require_write(ctx)
    return render(request, EDIT, {"location_id": None, "values": dict(NEW_LOCATION), "errors": {}})


@router.get("/{location_id}", response_class=HTMLResponse)
async def edit_location(request: Request, ctx: ConsoleContext, location_id: str) -> HTMLResponse:
    _require_write(ctx)
    location = await inventory.get_location(ctx.uow(), location_id=location_id)
    return render(request, EDIT, {"location_id": location_id, "values": location_values(location), "errors": {}})


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    return await _save(request, ctx, None)


@router.post("/{location_id}", response_class=HTMLResponse)
async def change(request: Request, ctx: ConsoleContext, location_id: str) -> Response:
    return await _save(request, ctx, location_id)


async def _save(request: Request, ctx: RequestContext, location_id: str | None) -> Response:
    form = await request.form()
    values = form_values(form)
    parsed = read_location(form, translations(ctx.locale).gettext, new=location_id is None)
    schema_errors = errors_of(request, parsed.invalid) if parsed.invalid else {}
    errors = {input_name(path): message for path, message in schema_errors.items()} | parsed.errors
    if not errors and parsed.data is not None:
        try:
            await _store(ctx, location_id, parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = {input_name(path): message for path, message in errors_of(request, exc).items()}
    if errors:
        if location_id is not None:
            stored = await inventory.get_location(ctx.uow(), location_id=location_id)
            values |= {"code": stored.code, "kind": stored.kind}
        context: dict[str, Any] = {"location_id": location_id, "values": values, "errors": place_errors(errors, FIELDS)}
        return render(request, EDIT, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": BASE})


async def _store(ctx: RequestContext, location_id: str | None, data: LocationCreate | LocationUpdate) -> None:
    if isinstance(data, LocationCreate):
        await inventory.create_location(ctx.uow(), data=data)
    elif location_id is not None:
        await inventory.update_location(ctx.uow(), location_id=location_id, data=data)
