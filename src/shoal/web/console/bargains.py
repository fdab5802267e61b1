"""Console bargains (砍价活动): the activities with their state, the form that creates one, publish and end, and
an activity's figures (bargains started, reached the floor, bought, GMV paid).

Staff type a SKU code; the page resolves it to a variant (catalog's service) before the pure reader
(``marketing_forms.read_bargain``) builds the domain's input. Every rule is the bargain services' to check.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.bargain import service
from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.inventory import service as inventory
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.marketing_forms import read_bargain
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing/bargains", route_class=WebRoute, include_in_schema=False)
HOME = "/console/marketing/bargains"
FIELDS = {
    "name", "sku", "location_id", "start_price", "floor_price", "helpers_needed", "hours", "daily_help_limit",
    "first_cut_percent", "buy_before_floor", "new_shopper_counts_double",
}  # fmt: skip


@router.get("", response_class=HTMLResponse)
async def bargain_list(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    bargains = await service.list_bargains(ctx.uow())
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=sorted({b.variant_id for b in bargains}))
    return render(request, "console/bargains.html", {"bargains": bargains, "snaps": snaps})


async def _form_context(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    locations = [loc for loc in await inventory.list_locations(ctx.uow()) if loc.active]
    choices = [(loc.id, loc.name_translations.get(ctx.locale) or loc.name) for loc in locations]
    return {"locations": choices, "values": values, "errors": errors}


@router.get("/new", response_class=HTMLResponse)
async def new_bargain(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    values = {"hours": "24", "daily_help_limit": "3", "first_cut_percent": "0"}
    return render(request, "console/bargain_new.html", await _form_context(ctx, values, {}))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Create a draft; a refused form comes back with each problem under its input and nothing saved."""
    values = {key: str(value) for key, value in (await request.form()).items()}
    sku = values.get("sku", "").strip()
    ids = await variants.variant_ids_by_sku(ctx.uow(), skus=[sku] if sku else [])
    parsed = read_bargain(
        values, variant_ids=ids, currency=ctx.tenant.currency, gettext=translations(ctx.locale).gettext
    )
    errors = {_field(k): m for k, m in errors_of(request, parsed.invalid).items()} if parsed.invalid else {}
    errors |= parsed.errors
    if not errors and parsed.data is not None:
        try:
            bargain = await service.create_bargain(ctx.uow(), data=parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = {_field(k): m for k, m in errors_of(request, exc).items()}
        else:
            return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{bargain.id}"})
    context = await _form_context(ctx, values, place_errors(errors, FIELDS))
    return render(request, "console/bargain_new.html", context, status=422)


def _field(path: str) -> str:
    return "sku" if path == "variant_id" else path


@router.get("/{bargain_id}", response_class=HTMLResponse)
async def bargain_page(request: Request, ctx: ConsoleContext, bargain_id: str) -> HTMLResponse:
    bargain = await service.get_bargain(ctx.uow(), bargain_id=bargain_id)
    stats = await service.bargain_stats(ctx.uow(), bargain_id=bargain_id)
    snap = (await variants.variants_for_pricing(ctx.uow(), variant_ids=[bargain.variant_id])).get(bargain.variant_id)
    return render(request, "console/bargain.html", {"bargain": bargain, "stats": stats, "snap": snap})


@router.post("/{bargain_id}/publish")
async def publish(ctx: ConsoleContext, bargain_id: str) -> Response:
    await service.publish_bargain(ctx.uow(), bargain_id=bargain_id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.post("/{bargain_id}/end")
async def end(ctx: ConsoleContext, bargain_id: str) -> Response:
    await service.end_bargain(ctx.uow(), bargain_id=bargain_id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})
