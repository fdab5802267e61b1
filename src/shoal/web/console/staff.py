"""Console staff (员工): who works here, in which role and store; add an account, change a role or store,
disable or enable. The identity services hold every guard (only owners make owners, nobody disables
themselves, the shop keeps an owner); their refusals show next to the form or in the flash area."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.identity import service as identity
from shoal.identity import service_staff
from shoal.identity.rules import ROLES
from shoal.identity.schemas import StaffCreate, StaffUpdate
from shoal.inventory import service as inventory
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import blank_to_none, errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/staff", route_class=WebRoute, include_in_schema=False)
FIELDS = {"email", "name", "password", "role", "location_id"}


async def _page(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    stores = [loc for loc in await inventory.list_locations(ctx.uow()) if loc.kind == "store"]
    return {
        "staff": await service_staff.list_staff(ctx.uow()),
        "roles": ROLES,
        "stores": {loc.id: loc.name for loc in stores},
        "values": values or {"role": "clerk"},
        "errors": errors,
    }


@router.get("", response_class=HTMLResponse)
async def staff_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/staff.html", await _page(ctx, {}, {}))


@router.post("", response_class=HTMLResponse)
async def add(request: Request, ctx: ConsoleContext) -> Response:
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        data = StaffCreate.model_validate({**blank_to_none(values), "locale": ctx.locale})
        await identity.create_staff(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), FIELDS)
        return render(request, "console/staff.html", await _page(ctx, values | {"password": ""}, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/staff"})


@router.post("/{user_id}", response_class=HTMLResponse)
async def change(request: Request, ctx: ConsoleContext, user_id: str) -> Response:
    """One row's role, store and status; an empty store frees a clerk from its store."""
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    sent = {key: form[key] for key in ("role", "status") if key in form}
    data = StaffUpdate.model_validate({**sent, "location_id": form.get("location_id") or None})
    await service_staff.update_staff(ctx.uow(), user_id=user_id, data=data)
    return Response(status_code=204, headers={"HX-Redirect": "/console/staff"})
