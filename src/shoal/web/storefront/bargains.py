"""Storefront bargains (砍价): the activity page with 发起砍价; a bargain's page with the price now, the floor, a
progress bar and the helpers' cuts (name initial and amount), 帮砍一刀 for a signed-in friend and 立即购买 for the
initiator, whose confirmation places the order at the price reached (one idempotency key per attempt).

A refused button (own bargain, already helped, the daily limit, a finished bargain) shows its message in the
page's flash area (``WebRoute``); a refused purchase is a message on the confirmation.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.bargain import service_orders, service_store
from shoal.campaigns.bargain.schemas import BargainCheckoutIn, BargainRecordRead
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.customers.service_addresses import list_my_addresses
from shoal.web.forms import FORM_ERROR, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import delivery_prefill
from shoal.web.storefront.delivery_form import SHOWN, DeliveryInvalid, delivery_field_errors, delivery_of
from shoal.web.storefront.deps import ShopContext, SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)


def viewer_of(ctx: RequestContext) -> str | None:
    return ctx.actor.id if ctx.actor.kind == "shopper" else None


def progress_percent(record: BargainRecordRead) -> int:
    """How far down from the start price towards the floor, in whole percent (100 only at the floor)."""
    if record.reached_floor:
        return 100
    span = record.start_price - record.floor_price
    return min(99, (record.start_price - record.price) * 100 // span) if span > 0 else 0


@router.get("/bargains/{bargain_id}", response_class=HTMLResponse)
async def bargain_page(request: Request, ctx: ShopContext, bargain_id: str) -> HTMLResponse:
    bargain = await service_store.store_bargain(ctx.uow(), bargain_id=bargain_id)
    return render(request, "shop/bargain.html", {"bargain": bargain})


@router.post("/bargains/{bargain_id}/start")
async def start(ctx: SignedInShopper, bargain_id: str) -> Response:
    record = await service_store.start_bargain(ctx.uow(), bargain_id=bargain_id)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/bargain-records/{record.id}"})


@router.get("/bargain-records/{record_id}", response_class=HTMLResponse)
async def record_page(request: Request, ctx: ShopContext, record_id: str) -> HTMLResponse:
    record = await service_store.get_record(ctx.uow(), record_id=record_id)
    context = {
        "record": record, "viewer": viewer_of(ctx), "progress": progress_percent(record), "now": ctx.db.clock.now(),
    }  # fmt: skip
    return render(request, "shop/bargain_record.html", context)


@router.post("/bargain-records/{record_id}/cuts")
async def cut(ctx: SignedInShopper, record_id: str) -> Response:
    await service_store.cut(ctx.uow(), record_id=record_id)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


async def _confirm_context(
    ctx: RequestContext, record_id: str, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    record = await service_store.get_record(ctx.uow(), record_id=record_id)
    book = await list_my_addresses(ctx.uow())
    values = {**delivery_prefill(book), "key": str(uuid.uuid4()), **values}
    return {"record": record, "book": book, "stores": [], "values": values, "errors": errors}


@router.get("/bargain-records/{record_id}/buy", response_class=HTMLResponse)
async def confirm(request: Request, ctx: SignedInShopper, record_id: str) -> HTMLResponse:
    return render(request, "shop/bargain_buy.html", await _confirm_context(ctx, record_id, {}, {}))


@router.post("/bargain-records/{record_id}/buy", response_class=HTMLResponse)
async def buy(request: Request, ctx: SignedInShopper, record_id: str) -> Response:
    """Buy with the form's key: the order to pay, or the refusal in words on the same form (with a new key)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        data = BargainCheckoutIn.model_validate({"delivery": await delivery_of(request, ctx, form)})
    except (ShoalError, ValidationError, DeliveryInvalid) as exc:
        found = exc.errors if isinstance(exc, DeliveryInvalid) else delivery_field_errors(request, exc)
        return await _refused(request, ctx, record_id, form, place_errors(found, set(SHOWN)))
    outcome = await service_orders.checkout(
        ctx.uow, tenant=ctx.tenant, record_id=record_id, data=data, key=form.get("key") or str(uuid.uuid4()),
        locale=ctx.locale,
    )  # fmt: skip
    if outcome.status >= 400:
        message = {FORM_ERROR: str(outcome.body.get("detail") or outcome.body.get("title"))}
        return await _refused(request, ctx, record_id, {k: v for k, v in form.items() if k != "key"}, message)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/orders/{outcome.body['id']}"})


async def _refused(
    request: Request, ctx: RequestContext, record_id: str, form: dict[str, str], errors: dict[str, str]
) -> Response:
    context = await _confirm_context(ctx, record_id, form, errors)
    return render(request, "shop/bargain_buy.html", context, status=422, block="buy_form")
