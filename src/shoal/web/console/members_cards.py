"""Console paid membership cards (付费会员卡): a price, a period and the level whose benefits it gives; the list
and a form to add one. The service checks every rule; the page reads the form (the price in yuan)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.loyalty import service_levels, service_membership_cards
from shoal.loyalty.schemas import CardCreate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import amounts_in_fen, attempt, form_of, ticked
from shoal.web.forms import blank_to_none
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members", route_class=WebRoute, include_in_schema=False)
CARDS = "console/members_cards.html"
CARD_FIELDS = {"name", "price", "days", "level_code", "benefits_note"}


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
