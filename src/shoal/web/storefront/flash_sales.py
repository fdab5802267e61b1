"""Storefront flash sales (限时秒杀): the sessions as tabs, each SKU with its flash price, the usual price struck
through, 已抢 X% and a countdown; 立即抢购 leads to a confirmation with the delivery address, and buying places
the order through the flash sale service (one idempotency key per attempt) and sends the shopper to pay it.

A refusal the shopper can do nothing about but read (``sold_out``, ``limit_reached``, a session not on) is a
message on the confirmation, not an error page. The countdown is ``static/flash_sale.js``; without it the page
still says when each session starts or ends.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.flash_sale import service_buy, service_store
from shoal.campaigns.flash_sale.schemas import FlashOrderIn, StoreFlashItem, StoreFlashSale, StoreFlashSales
from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.customers.service_addresses import list_my_addresses
from shoal.web.forms import FORM_ERROR, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import delivery_prefill
from shoal.web.storefront.delivery_form import SHOWN, DeliveryInvalid, delivery_field_errors, delivery_of
from shoal.web.storefront.deps import ShopContext, SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
HOME_ITEMS = 3  # SKUs of the 限时秒杀 block on the home page


def taken_percent(item: StoreFlashItem) -> int:
    """已抢 X%: the share of the sale's units taken, rounded down (100 only when none is left)."""
    if item.quantity <= 0 or item.sold_out:
        return 100
    return min(99, (item.quantity - item.left) * 100 // item.quantity)


def chosen_session(sales: StoreFlashSales, session_id: str | None) -> StoreFlashSale | None:
    """The tab asked for, else the first session on now, else the next to start."""
    for sale in sales.sessions:
        if sale.id == session_id:
            return sale
    live = [s for s in sales.sessions if s.state == "live"]
    return (live or sales.sessions or [None])[0]


def home_block(sales: StoreFlashSales) -> dict[str, Any] | None:
    """The home page's 限时秒杀 block: the session on now (or next), its first SKUs and its countdown."""
    session = chosen_session(sales, None)
    if session is None or not session.items:
        return None
    return {"session": session, "items": session.items[:HOME_ITEMS], "now": sales.now}


@router.get("/flash-sales", response_class=HTMLResponse)
async def flash_sales(request: Request, ctx: ShopContext, session: str | None = None) -> HTMLResponse:
    sales = await service_store.store_flash_sales(ctx.uow())
    context = {"sales": sales, "chosen": chosen_session(sales, session), "taken": taken_percent}
    return render(request, "shop/flash_sales.html", context)


async def _offer(ctx: RequestContext, sale_id: str, variant_id: str) -> tuple[StoreFlashSale, StoreFlashItem]:
    sales = await service_store.store_flash_sales(ctx.uow())
    for sale in sales.sessions:
        for item in sale.items if sale.id == sale_id else []:
            if item.variant_id == variant_id:
                return sale, item
    raise NotFound("flash sale item", id=variant_id)


async def _confirm_context(
    ctx: RequestContext, sale_id: str, variant_id: str, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    sale, item = await _offer(ctx, sale_id, variant_id)
    book = await list_my_addresses(ctx.uow())
    values = {**delivery_prefill(book), "quantity": "1", "key": str(uuid.uuid4()), **values}
    return {"sale": sale, "item": item, "book": book, "stores": [], "values": values, "errors": errors}


@router.get("/flash-sales/{sale_id}/buy", response_class=HTMLResponse)
async def confirm(request: Request, ctx: SignedInShopper, sale_id: str, variant: str) -> HTMLResponse:
    """The confirmation: what is bought at which price, where it goes; the form carries a new key."""
    return render(request, "shop/flash_buy.html", await _confirm_context(ctx, sale_id, variant, {}, {}))


@router.post("/flash-sales/{sale_id}/buy", response_class=HTMLResponse)
async def buy(request: Request, ctx: SignedInShopper, sale_id: str) -> Response:
    """Buy with the form's key: the order to pay, or the refusal in words on the same form. After a refusal of
    the buy itself the form gets a new key (the old one would replay the refusal)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    variant_id, key = form.get("variant_id", ""), form.get("key", "")
    try:
        quantity = form.get("quantity", "1")
        data = FlashOrderIn.model_validate({
            "variant_id": variant_id, "quantity": int(quantity) if quantity.isdigit() else quantity,
            "delivery": await delivery_of(request, ctx, form),
        })  # fmt: skip
    except (ShoalError, ValidationError, DeliveryInvalid) as exc:
        found = exc.errors if isinstance(exc, DeliveryInvalid) else delivery_field_errors(request, exc)
        return await _refused(request, ctx, sale_id, form, place_errors(found, set(SHOWN) | {"quantity"}))
    try:
        outcome = await service_buy.buy(
            ctx.uow, tenant=ctx.tenant, sale_id=sale_id, data=data, key=key or str(uuid.uuid4()), locale=ctx.locale,
            gate=request.app.state.flash_gate, bulkhead=request.app.state.checkout_bulkhead.hold,
        )  # fmt: skip
    except ShoalError as exc:
        return await _refused(request, ctx, sale_id, form, _refusal(exc.code, exc.render(ctx.locale)), new_key=True)
    if outcome.status >= 400:
        body = outcome.body
        message = _refusal(str(body.get("code")), str(body.get("detail") or body.get("title")))
        return await _refused(request, ctx, sale_id, form, message, new_key=True)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/orders/{outcome.body['id']}"})


def _refusal(code: str, message: str) -> dict[str, str]:
    return {FORM_ERROR: message, "code": code}


async def _refused(
    request: Request, ctx: RequestContext, sale_id: str, form: dict[str, str], errors: dict[str, str],
    *, new_key: bool = False,
) -> Response:  # fmt: skip
    values = {k: v for k, v in form.items() if not (new_key and k == "key")}
    try:
        context = await _confirm_context(ctx, sale_id, form.get("variant_id", ""), values, errors)
    except NotFound:  # the session ended or the SKU left it meanwhile: the message still says why
        context = {"sale": None, "item": None, "book": [], "stores": [], "values": values, "errors": errors}
    return render(request, "shop/flash_buy.html", context, status=422, block="buy_form")
