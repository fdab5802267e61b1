"""Console group-buys (拼团活动): the activities with their state, groups, success rate and GMV; the form that
creates one; publish and end; and an activity's page with its figures and groups.

Staff type a SKU code; the page resolves it to a variant (catalog's service) before the pure reader
(``group_buy_form.read_group_buy``) builds the domain's input. Every rule is the group-buy services' to check.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.group_buy import rules, service, service_store
from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.inventory import service as inventory
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.group_buy_form import FIELDS, form_field, read_group_buy
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing/group-buys", route_class=WebRoute, include_in_schema=False)
HOME = "/console/marketing/group-buys"


@router.get("", response_class=HTMLResponse)
async def activity_list(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    activities = await service.list_group_buys(ctx.uow())
    stats = {a.id: await service.group_buy_stats(ctx.uow(), activity_id=a.id) for a in activities}
    now = ctx.db.clock.now()
    states = {a.id: rules.activity_state(a.status, a.starts_at, a.ends_at, now) for a in activities}
    return render(request, "console/group_buys.html", {"activities": activities, "stats": stats, "states": states})


async def _form_context(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    locations = [loc for loc in await inventory.list_locations(ctx.uow()) if loc.active]
    choices = [(loc.id, loc.name_translations.get(ctx.locale) or loc.name) for loc in locations]
    return {"locations": choices, "values": values, "errors": errors}


@router.get("/new", response_class=HTMLResponse)
async def new_activity(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    values = {"group_size": "3", "group_hours": "24", "per_shopper_limit": "1"}
    return render(request, "console/group_buy_new.html", await _form_context(ctx, values, {}))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Create a draft; a refused form comes back with each problem under its input and nothing saved."""
    values = {key: str(value) for key, value in (await request.form()).items()}
    sku = values.get("sku", "").strip()
    ids = await variants.variant_ids_by_sku(ctx.uow(), skus=[sku] if sku else [])
    parsed = read_group_buy(
        values, variant_ids=ids, currency=ctx.tenant.currency, timezone=ctx.tenant.timezone,
        gettext=translations(ctx.locale).gettext,
    )  # fmt: skip
    errors = {form_field(k): m for k, m in errors_of(request, parsed.invalid).items()} if parsed.invalid else {}
    errors |= parsed.errors
    if not errors and parsed.data is not None:
        try:
            activity = await service.create_group_buy(ctx.uow(), data=parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = {form_field(k): m for k, m in errors_of(request, exc).items()}
        else:
            return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{activity.id}"})
    context = await _form_context(ctx, values, place_errors(errors, FIELDS))
    return render(request, "console/group_buy_new.html", context, status=422)


@router.get("/{activity_id}", response_class=HTMLResponse)
async def activity_page(request: Request, ctx: ConsoleContext, activity_id: str) -> HTMLResponse:
    activity = await service.get_group_buy(ctx.uow(), activity_id=activity_id)
    stats = await service.group_buy_stats(ctx.uow(), activity_id=activity_id)
    groups = await service_store.activity_groups(ctx.uow(), activity_id=activity_id)
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=[i.variant_id for i in activity.items])
    state = rules.activity_state(activity.status, activity.starts_at, activity.ends_at, ctx.db.clock.now())
    context = {"activity": activity, "stats": stats, "groups": groups, "snaps": snaps, "state": state}
    return render(request, "console/group_buy.html", context)


@router.post("/{activity_id}/publish")
async def publish(ctx: ConsoleContext, activity_id: str) -> Response:
    await service.move_group_buy(ctx.uow(), activity_id=activity_id, action="publish")
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.post("/{activity_id}/end")
async def end(ctx: ConsoleContext, activity_id: str) -> Response:
    await service.move_group_buy(ctx.uow(), activity_id=activity_id, action="end")
    return Response(status_code=204, headers={"HX-Refresh": "true"})
