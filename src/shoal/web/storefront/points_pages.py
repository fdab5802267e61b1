"""My points (我的积分): the balance, the daily check-in (签到) with its streak, the ledger; and the points mall
(积分商城), where points buy coupons.

Check-in and exchange answer with a fragment in place (HTMX): the check-in box says what was earned, or that
today is done already; an item's card says what was exchanged or why not (too few points, sold out, the limit),
in the service's own words, and carries a fresh idempotency key for the next try. Both refresh the points figure
at the top of the page out of band, so what the shopper sees is what they hold.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.loyalty import service_checkin, service_mall, service_membership, service_points
from shoal.loyalty.service_terms import terms_of
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/me", route_class=WebRoute, include_in_schema=False)


async def _checkin_box(ctx: RequestContext) -> dict[str, Any]:
    membership = await service_membership.my_membership(ctx.uow())
    return {"membership": membership, "terms": await terms_of(ctx.uow())}


@router.get("/points", response_class=HTMLResponse)
async def points_page(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    statement = await service_points.points_statement(ctx.uow(), customer_id=ctx.actor.id or "")
    return render(request, "shop/points.html", await _checkin_box(ctx) | {"statement": statement})


@router.post("/check-in", response_class=HTMLResponse)
async def check_in(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    """签到: today's points and the streak, or (a second tap, another device) that today is done already; the
    figure and the ledger follow out of band."""
    try:
        done, refused = await service_checkin.check_in(ctx.uow()), None
    except ShoalError as exc:
        done, refused = None, exc.render(ctx.locale)
    statement = await service_points.points_statement(ctx.uow(), customer_id=ctx.actor.id or "")
    context = await _checkin_box(ctx) | {"done": done, "refused": refused, "oob": True, "statement": statement}
    return render(request, "shop/_checkin.html", context)


async def _mall(ctx: RequestContext) -> dict[str, Any]:
    items = await service_mall.list_items(ctx.uow(), on_offer=True)
    points = await service_points.points_balance(ctx.uow(), customer_id=ctx.actor.id or "")
    return {"items": items, "points": points, "keys": {item.id: str(uuid.uuid4()) for item in items}}


@router.get("/mall", response_class=HTMLResponse)
async def mall_page(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    return render(request, "shop/mall.html", await _mall(ctx))


@router.post("/mall/{item_id}/exchange", response_class=HTMLResponse)
async def exchange(request: Request, ctx: SignedInShopper, item_id: str) -> HTMLResponse:
    """Exchange once per key (a double tap or a retried request spends once); the card answers in place."""
    key = str((await request.form()).get("key") or uuid.uuid4())[:64]
    outcome = await service_mall.exchange(ctx.uow, item_id=item_id, key=key, locale=ctx.locale)
    context = await _mall(ctx)
    item = next((i for i in await service_mall.list_items(ctx.uow()) if i.id == item_id), None)
    if item is None:
        raise NotFound("mall item")
    context |= {"item": item, "key": str(uuid.uuid4()), "oob": True}
    if outcome.status < 400:
        return render(request, "shop/_mall_item.html", context | {"exchanged": True})
    # 422, so the page swaps it in (htmx leaves other 4xx answers out): the refusal in the service's words.
    refused = {
        "refused": str(outcome.body.get("detail") or outcome.body.get("title")),
        "code": outcome.body.get("code"),
    }
    return render(request, "shop/_mall_item.html", context | refused, status=422)
