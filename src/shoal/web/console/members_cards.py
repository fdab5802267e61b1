"""Console paid membership cards (付费会员卡): a price, a period and the level whose benefits it gives; the list,
a form to add one and a page to edit one. Withdrawing (下架) stops the sale; holders keep their period. The
service checks every rule; the page reads the form (the price in yuan)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound
from shoal.core.money import format_amount
from shoal.loyalty import service_levels, service_membership_cards
from shoal.loyalty.schemas import CardCreate, CardRead, CardUpdate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import amounts_in_fen, attempt, form_of, ticked
from shoal.web.forms import blank_to_none
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members", route_class=WebRoute, include_in_schema=False)
CARDS, CARD = "console/members_cards.html", "console/members_card.html"
CARD_FIELDS = {"name", "price", "days", "level_code", "benefits_note"}


def _typed(request: Request, ctx: RequestContext, values: dict[str, str]) -> dict[str, object]:
    """The card form's values as the service takes them (the price in fen)."""
    typed: dict[str, object] = blank_to_none({key: values.get(key, "") for key in ("name", "days", "benefits_note")})
    typed |= {"level_code": values.get("level_code") or None} | ticked(values, "refundable", "active")
    return typed | amounts_in_fen(request, values, ["price"], ctx.tenant.currency)


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
        data = CardCreate.model_validate(_typed(request, ctx, values))
        await service_membership_cards.create_card(ctx.uow(), data=data)

    errors = await attempt(request, CARD_FIELDS, create)
    if errors:
        return render(request, CARDS, await _cards(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/cards?done=created"})


def card_values(card: CardRead, currency: str) -> dict[str, str]:
    """A card as its form shows it (the price in yuan)."""
    return {
        "name": card.name, "price": format_amount(card.price, currency), "days": str(card.days),
        "level_code": card.level_code or "", "benefits_note": card.benefits_note,
        "refundable": "on" if card.refundable else "", "active": "on" if card.active else "",
    }  # fmt: skip


async def _card(ctx: RequestContext, card_id: str) -> CardRead:
    found = [card for card in await service_membership_cards.list_cards(ctx.uow()) if card.id == card_id]
    if not found:
        raise NotFound("membership card")
    return found[0]


async def _edit(ctx: RequestContext, card: CardRead, **extra: object) -> dict[str, object]:
    page = {"card": card, "levels": await service_levels.list_levels(ctx.uow()), "errors": {}}
    return page | {"values": card_values(card, ctx.tenant.currency)} | extra


@router.get("/cards/{card_id}", response_class=HTMLResponse)
async def card_page(request: Request, ctx: ConsoleContext, card_id: str) -> HTMLResponse:
    return render(request, CARD, await _edit(ctx, await _card(ctx, card_id)))


@router.post("/cards/{card_id}", response_class=HTMLResponse)
async def update_card(request: Request, ctx: ConsoleContext, card_id: str) -> Response:
    """Save the card's form; unticking "on sale" withdraws it (holders keep theirs)."""
    card = await _card(ctx, card_id)
    values = await form_of(request)

    async def update() -> None:
        cleared = {key: "" for key in ("name", "price", "days") if not values.get(key)}  # refused, not kept
        data = CardUpdate.model_validate(_typed(request, ctx, values) | cleared)
        await service_membership_cards.update_card(ctx.uow(), card_id=card.id, data=data)

    errors = await attempt(request, CARD_FIELDS, update)
    if errors:
        return render(request, CARD, await _edit(ctx, card, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/cards?done=saved"})


@router.post("/cards/{card_id}/withdraw", response_class=HTMLResponse)
async def withdraw_card(ctx: ConsoleContext, card_id: str) -> Response:
    """下架: the card is no longer sold; holders keep it to the end of their period."""
    card = await _card(ctx, card_id)
    await service_membership_cards.update_card(ctx.uow(), card_id=card.id, data=CardUpdate(active=False))
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/cards?done=withdrawn"})
