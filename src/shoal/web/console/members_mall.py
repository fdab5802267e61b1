"""Console 积分商城 (points mall): what points buy, with stock and a per-shopper limit. An item gives a coupon
of a published template, or a product: a SKU (typed by its code, as staff know it) shipped from a chosen store or
warehouse, for points and optionally cash in yuan. The service checks every rule; the page resolves the SKU
code, reads the amounts and says in words what is missing for the kind of item chosen. An item's page changes
its terms and stock or withdraws it (下架: no longer offered, exchanges made stand); what it gives stays."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.catalog.service_variants import variant_ids_by_sku, variants_for_pricing
from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ValidationFailed
from shoal.core.money import format_amount
from shoal.inventory.service import list_locations
from shoal.loyalty import service_mall
from shoal.loyalty.schemas import MallItemCreate, MallItemRead, MallItemUpdate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import amounts_in_fen, attempt, coupon_templates, form_of, ticked
from shoal.web.forms import blank_to_none
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members/points-mall", route_class=WebRoute, include_in_schema=False)
PAGE, ITEM = "console/members_mall.html", "console/members_mall_item.html"
FIELDS = {"name", "coupon_template_id", "sku", "location_id", "points", "cash", "stock", "per_shopper_limit"}


async def _page(ctx: RequestContext, **extra: object) -> dict[str, object]:
    items = await service_mall.list_items(ctx.uow())
    skus = await variants_for_pricing(ctx.uow(), variant_ids=[i.variant_id for i in items if i.variant_id])
    page = {
        "items": items, "coupons": await coupon_templates(ctx), "locations": await list_locations(ctx.uow()),
        "skus": {variant_id: snap.sku for variant_id, snap in skus.items()},
        "values": {"kind": "coupon", "per_shopper_limit": "1", "active": "on"}, "errors": {}, "done": None,
    }  # fmt: skip
    return page | extra


@router.get("", response_class=HTMLResponse)
async def mall_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, PAGE, await _page(ctx, done=done or None))


async def _what_is_given(ctx: RequestContext, values: dict[str, str]) -> dict[str, object]:
    """The coupon, or the SKU and where it ships from; a field error in words for what the kind needs."""
    gettext = translations(ctx.locale).gettext
    if values.get("kind") != "sku":
        if not values.get("coupon_template_id"):
            raise ValidationFailed([{"field": "coupon_template_id", "message": gettext("Choose a coupon.")}])
        return {"coupon_template_id": values["coupon_template_id"]}
    sku = values.get("sku", "")
    found = await variant_ids_by_sku(ctx.uow(), skus=[sku] if sku else [])
    problems = []
    if sku not in found:
        message = gettext("No variant has the SKU %(sku)s.") % {"sku": sku} if sku else gettext("Enter a SKU code.")
        problems.append({"field": "sku", "message": message})
    if not values.get("location_id"):
        problems.append({"field": "location_id", "message": gettext("Choose where it ships from.")})
    if problems:
        raise ValidationFailed(problems)
    return {"variant_id": found[sku], "location_id": values["location_id"]}


@router.post("", response_class=HTMLResponse)
async def create_item(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def create() -> None:
        typed = blank_to_none({key: values.get(key, "") for key in ("name", "points", "stock", "per_shopper_limit")})
        typed |= await _what_is_given(ctx, values) | ticked(values, "active")
        if values.get("kind") == "sku":
            typed |= amounts_in_fen(request, values, ["cash"], ctx.tenant.currency)
        await service_mall.create_item(ctx.uow(), data=MallItemCreate.model_validate(typed))

    errors = await attempt(request, FIELDS, create)
    if errors:
        return render(request, PAGE, await _page(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/points-mall?done=created"})


async def _item(ctx: RequestContext, item_id: str) -> MallItemRead:
    found = [item for item in await service_mall.list_items(ctx.uow()) if item.id == item_id]
    if not found:
        raise NotFound("mall item")
    return found[0]


def item_values(item: MallItemRead, currency: str) -> dict[str, str]:
    """An item as its edit form shows it (cash in yuan)."""
    return {
        "name": item.name, "points": str(item.points), "stock": str(item.stock),
        "per_shopper_limit": str(item.per_shopper_limit), "cash": format_amount(item.cash, currency),
        "active": "on" if item.active else "",
    }  # fmt: skip


@router.get("/{item_id}", response_class=HTMLResponse)
async def item_page(request: Request, ctx: ConsoleContext, item_id: str) -> HTMLResponse:
    item = await _item(ctx, item_id)
    return render(request, ITEM, {"item": item, "values": item_values(item, ctx.tenant.currency), "errors": {}})


@router.post("/{item_id}", response_class=HTMLResponse)
async def update_item(request: Request, ctx: ConsoleContext, item_id: str) -> Response:
    """Save the item's form; unticking "offer it now" withdraws it."""
    item = await _item(ctx, item_id)
    values = await form_of(request)

    async def update() -> None:
        fields = ("name", "points", "stock", "per_shopper_limit")
        typed: dict[str, object] = {key: values.get(key, "") for key in fields} | ticked(values, "active")
        if item.variant_id:
            typed |= {"cash": 0} | amounts_in_fen(request, values, ["cash"], ctx.tenant.currency)
        await service_mall.update_item(ctx.uow(), item_id=item.id, data=MallItemUpdate.model_validate(typed))

    errors = await attempt(request, FIELDS, update)
    if errors:
        return render(request, ITEM, {"item": item, "values": values, "errors": errors}, status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/points-mall?done=saved"})


@router.post("/{item_id}/withdraw", response_class=HTMLResponse)
async def withdraw_item(ctx: ConsoleContext, item_id: str) -> Response:
    """下架: the item is no longer offered; exchanges made and their orders stand."""
    item = await _item(ctx, item_id)
    await service_mall.update_item(ctx.uow(), item_id=item.id, data=MallItemUpdate(active=False))
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/points-mall?done=withdrawn"})
