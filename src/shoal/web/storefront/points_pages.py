"""My points (我的积分): the balance, the daily check-in (签到) with its streak, the ledger; and the points mall
(积分商城), where points buy coupons and products.

Check-in and exchange answer with a fragment in place (HTMX): the check-in box says what was earned, or that
today is done already; an item's card says what was exchanged or why not (too few points, sold out, the limit),
in the service's own words, and carries a fresh idempotency key for the next try. Both refresh the points figure
at the top of the page out of band, so what the shopper sees is what they hold.

A product is sent as an order, so its exchange has a confirmation page asking where it goes, the way checkout
and the flash sale ask (a saved address or a new one, saved to the book: ``delivery_form``); the exchange then
leads to its order, to pay the cash and the shipping like any order (an order of nothing to pay is paid at once).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.customers.service_addresses import list_my_addresses
from shoal.loyalty import service_checkin, service_mall, service_membership, service_points
from shoal.loyalty.schemas import MallExchangeIn, MallItemRead
from shoal.loyalty.service_terms import terms_of
from shoal.web.forms import FORM_ERROR, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import delivery_prefill
from shoal.web.storefront.delivery_form import SHOWN, DeliveryInvalid, delivery_field_errors, delivery_of
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
    item = await _item(ctx, item_id)
    context |= {"item": item, "key": str(uuid.uuid4()), "oob": True}
    if outcome.status < 400:
        return render(request, "shop/_mall_item.html", context | {"exchanged": True})
    # 422, so the page swaps it in (htmx leaves other 4xx answers out): the refusal in the service's words.
    refused = {
        "refused": str(outcome.body.get("detail") or outcome.body.get("title")),
        "code": outcome.body.get("code"),
    }
    return render(request, "shop/_mall_item.html", context | refused, status=422)


async def _item(ctx: RequestContext, item_id: str, *, on_offer: bool = False) -> MallItemRead:
    found = [i for i in await service_mall.list_items(ctx.uow(), on_offer=on_offer) if i.id == item_id]
    if not found:
        raise NotFound("mall item")
    return found[0]


async def _sku_context(
    ctx: RequestContext, item: MallItemRead, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    book = await list_my_addresses(ctx.uow())
    points = await service_points.points_balance(ctx.uow(), customer_id=ctx.actor.id or "")
    values = {**delivery_prefill(book), "key": str(uuid.uuid4()), **values}
    return {"item": item, "points": points, "book": book, "stores": [], "values": values, "errors": errors}


@router.get("/mall/{item_id}", response_class=HTMLResponse)
async def sku_page(request: Request, ctx: SignedInShopper, item_id: str) -> HTMLResponse:
    """A product's exchange: what it costs in points and cash, and where it goes; the form carries a new key."""
    item = await _item(ctx, item_id, on_offer=True)
    if item.variant_id is None:
        raise NotFound("mall item")
    return render(request, "shop/mall_exchange.html", await _sku_context(ctx, item, {}, {}))


@router.post("/mall/{item_id}/order", response_class=HTMLResponse)
async def exchange_sku(request: Request, ctx: SignedInShopper, item_id: str) -> Response:
    """Exchange the product with the form's key and delivery: its order to pay, or the refusal in words on the
    same form (after a refusal of the exchange itself, with a new key: the old one would replay it)."""
    item = await _item(ctx, item_id)
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        data = MallExchangeIn.model_validate({"delivery": await delivery_of(request, ctx, form)})
    except (DeliveryInvalid, ValidationError) as exc:
        found = exc.errors if isinstance(exc, DeliveryInvalid) else delivery_field_errors(request, exc)
        return await _sku_refused(request, ctx, item, form, place_errors(found, set(SHOWN)))
    key = form.get("key", "")[:64] or str(uuid.uuid4())
    outcome = await service_mall.exchange(ctx.uow, item_id=item.id, key=key, locale=ctx.locale, data=data)
    if outcome.status >= 400:
        refusal = {FORM_ERROR: str(outcome.body.get("detail") or outcome.body.get("title")),
                   "code": str(outcome.body.get("code"))}  # fmt: skip
        form.pop("key", None)
        return await _sku_refused(request, ctx, item, form, refusal)
    order = f"/shop/{ctx.tenant.slug}/orders/{outcome.body['order_id']}"
    return Response(status_code=204, headers={"HX-Redirect": order})


async def _sku_refused(
    request: Request, ctx: RequestContext, item: MallItemRead, form: dict[str, str], errors: dict[str, str]
) -> HTMLResponse:
    context = await _sku_context(ctx, item, form, errors)
    return render(request, "shop/mall_exchange.html", context, status=422, block="exchange_form")
