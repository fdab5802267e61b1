"""Console stored value (储值): top-up plans (pay X, get X + bonus: offered or not) and gift cards (issue a batch of
codes with a value; see each card's state; export a batch as CSV).

A gift card code is money: the list shows codes masked, the full codes are shown once, right after a batch is
issued, and in the CSV a manager downloads on purpose (to print the cards).
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound
from shoal.core.money import format_amount
from shoal.loyalty.wallet import service_cards, service_top_ups
from shoal.loyalty.wallet.schemas import GiftCardBatch, GiftCardRead, TopUpPlanCreate, TopUpPlanUpdate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import amounts_in_fen, attempt, form_of, ticked
from shoal.web.route import WebRoute
from shoal.web.templating import local_time, render

router = APIRouter(prefix="/console/members", route_class=WebRoute, include_in_schema=False)
PLANS, CARDS = "console/members_top_ups.html", "console/members_gift_cards.html"
PLAN_FIELDS = {"name", "amount", "bonus"}
CARD_FIELDS = {"batch", "value", "count"}


async def _plans(ctx: RequestContext, **extra: object) -> dict[str, object]:
    page = {"plans": await service_top_ups.list_plans(ctx.uow()), "values": {"active": "on"}, "errors": {}}
    return page | {"done": None} | extra


@router.get("/top-up-plans", response_class=HTMLResponse)
async def plans_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, PLANS, await _plans(ctx, done=done or None))


@router.post("/top-up-plans", response_class=HTMLResponse)
async def create_plan(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def create() -> None:
        amounts = amounts_in_fen(request, values, ["amount", "bonus"], ctx.tenant.currency)
        typed = {"name": values.get("name", ""), "bonus": 0, **amounts} | ticked(values, "active")
        await service_top_ups.create_plan(ctx.uow(), data=TopUpPlanCreate.model_validate(typed))

    errors = await attempt(request, PLAN_FIELDS, create)
    if errors:
        return render(request, PLANS, await _plans(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/top-up-plans?done=created"})


@router.post("/top-up-plans/{plan_id}/{state}")
async def offer_plan(ctx: ConsoleContext, plan_id: str, state: str) -> Response:
    """Offer a plan again or stop offering it (top-ups started under it are still paid as offered)."""
    if state not in ("on", "off"):
        raise NotFound("page")
    data = TopUpPlanUpdate(active=state == "on")
    await service_top_ups.update_plan(ctx.uow(), plan_id=plan_id, data=data)
    done = "offered" if data.active else "withdrawn"
    return Response(status_code=204, headers={"HX-Redirect": f"/console/members/top-up-plans?done={done}"})


def batch_totals(cards: list[GiftCardRead]) -> list[dict[str, object]]:
    """Per batch (newest first): how many cards, how many redeemed, and the value issued and redeemed."""
    totals: dict[str, dict[str, int]] = {}
    for card in cards:
        row = totals.setdefault(card.batch, {"cards": 0, "redeemed": 0, "value": 0, "redeemed_value": 0})
        redeemed = card.status == "redeemed"
        row["cards"] += 1
        row["value"] += card.value
        row["redeemed"] += redeemed
        row["redeemed_value"] += card.value if redeemed else 0
    return [{"batch": batch, **row} for batch, row in totals.items()]


async def _cards(ctx: RequestContext, batch: str, **extra: object) -> dict[str, object]:
    everything = await service_cards.list_gift_cards(ctx.uow())
    cards = [card for card in everything if card.batch == batch] if batch else everything
    page = {"cards": cards, "totals": batch_totals(everything), "batch": batch, "values": {"count": "10"},
            "errors": {}, "masked": masked}  # fmt: skip
    return page | {"issued": []} | extra


def masked(code: str) -> str:
    """Enough of a code to find a card by (its first and last four characters), not enough to redeem it."""
    return f"{code[:4]}••••••••{code[-4:]}"


@router.get("/gift-cards", response_class=HTMLResponse)
async def gift_cards_page(request: Request, ctx: ConsoleContext, batch: str = "") -> HTMLResponse:
    return render(request, CARDS, await _cards(ctx, batch[:60]))


@router.post("/gift-cards", response_class=HTMLResponse)
async def issue_gift_cards(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """Issue a batch and answer with its codes in full, this once (the CSV has them for printing)."""
    values = await form_of(request)
    issued: list[GiftCardRead] = []

    async def issue() -> None:
        typed = {"batch": values.get("batch", ""), "count": values.get("count", "")}
        data = GiftCardBatch.model_validate(typed | amounts_in_fen(request, values, ["value"], ctx.tenant.currency))
        issued.extend(await service_cards.issue_gift_cards(ctx.uow(), data=data))

    errors = await attempt(request, CARD_FIELDS, issue)
    batch = issued[0].batch if issued else ""
    context = await _cards(ctx, batch, issued=issued, **({"values": values, "errors": errors} if errors else {}))
    return render(request, CARDS, context, status=422 if errors else 200)


@router.get("/gift-cards.csv")
async def gift_cards_csv(ctx: ConsoleContext, batch: str = "") -> Response:
    """The batch's cards (or every card) with their codes in full, for printing: code, value, state, redeemed."""
    cards = await service_cards.list_gift_cards(ctx.uow(), batch=batch[:60] or None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "batch", "value", "status", "redeemed_at"])
    for card in cards:
        redeemed = local_time(card.redeemed_at, ctx.tenant.timezone) if card.redeemed_at else ""
        writer.writerow([card.code, card.batch, format_amount(card.value, ctx.tenant.currency), card.status, redeemed])
    disposition = 'attachment; filename="gift-cards.csv"'
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": disposition})  # fmt: skip
