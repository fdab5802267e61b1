"""Console paid membership cards (付费会员卡: a price, a period, the level whose benefits it gives) and the points
mall (积分商城: a coupon exchanged for points, with stock and a per-shopper limit). Both are lists with a form to
add one; the services check every rule, these pages read the forms (prices in yuan) and show the answers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.loyalty import service_levels, service_mall, service_membership_cards
from shoal.loyalty.schemas import CardCreate, MallItemCreate
from shoal.marketing import service_queries as coupons
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import amounts_in_fen, attempt, form_of, ticked
from shoal.web.forms import blank_to_none
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members", route_class=WebRoute, include_in_schema=False)
CARDS, MALL = "console/members_cards.html", "console/members_mall.html"
CARD_FIELDS = {"name", "price", "days", "level_code", "benefits_note"}
ITEM_FIELDS = {"name", "coupon_template_id", "points", "stock", "per_shopper_limit"}


async def _cards(ctx: RequestContext, **extra: object) -> dict[str, object]:
    page = {
        "cards": await service_membership_cards.list_cards(ctx.uow()),
        "levels": await service_levels.list_levels(ctx.uow()),
        "values": {"days": "365", "active": "on"}, "errors": {}, "done": None,
    }  # fmt: skip
    return page | extra


@router.get("/cards", response_class=HTMLResponse)
async def cards_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, CARDS, await _cards(ctx, done=done or None))


@router.post("/cards", response_class=HTMLResponse)
async def create_card(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def create() -> None:
        typed = blank_to_none({key: values.get(key, "") for key in ("name", "days", "benefits_note")})
        typed |= {"level_code": values.get("level_code") or None} | ticked(values, "refundable", "active")
        typed |= amounts_in_fen(request, values, ["price"], ctx.tenant.currency)
        await service_membership_cards.create_card(ctx.uow(), data=CardCreate.model_validate(typed))

    errors = await attempt(request, CARD_FIELDS, create)
    if errors:
        return render(request, CARDS, await _cards(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/cards?done=created"})


async def _mall(ctx: RequestContext, **extra: object) -> dict[str, object]:
    templates = await coupons.list_templates(ctx.uow())
    page = {
        "items": await service_mall.list_items(ctx.uow()), "templates": [t for t in templates if t.status == "active"],
        "template_names": {t.id: t.name for t in templates},
        "values": {"per_shopper_limit": "1", "active": "on"}, "errors": {}, "done": None,
    }  # fmt: skip
    return page | extra


@router.get("/points-mall", response_class=HTMLResponse)
async def mall_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, MALL, await _mall(ctx, done=done or None))


@router.post("/points-mall", response_class=HTMLResponse)
async def create_item(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def create() -> None:
        typed = blank_to_none({key: values.get(key, "") for key in ITEM_FIELDS}) | ticked(values, "active")
        await service_mall.create_item(ctx.uow(), data=MallItemCreate.model_validate(typed))

    errors = await attempt(request, ITEM_FIELDS, create)
    if errors:
        return render(request, MALL, await _mall(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/points-mall?done=created"})
