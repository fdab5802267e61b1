"""Storefront group-buys (拼团): an activity's page with its SKUs at the group price, the open groups closest to
completion (凑团: the members as avatars, the seats and the time left) with 参团 on each and 开团 on each SKU; the
confirmation that opens or joins a group (delivery, one idempotency key per attempt) and sends the shopper to
pay; and the shopper's own groups in the member centre.

A refusal the shopper can only read (``group_full``, ``already_in_group``, ``new_shoppers_only``) is a message on
the confirmation, not an error page.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.campaigns.group_buy import service_join, service_store
from shoal.campaigns.group_buy.schemas import GroupJoinIn
from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.core.idempotency import Outcome
from shoal.customers.service_addresses import list_my_addresses
from shoal.web.forms import FORM_ERROR, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import delivery_prefill
from shoal.web.storefront.delivery_form import SHOWN, DeliveryInvalid, delivery_field_errors, delivery_of
from shoal.web.storefront.deps import ShopContext, SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)


def time_left(expires_at: datetime, now: datetime) -> tuple[int, int]:
    """Hours and minutes until a group's deadline (0, 0 once it has passed)."""
    minutes = max(0, int((expires_at - now).total_seconds() // 60))
    return divmod(minutes, 60)


@router.get("/group-buys/{activity_id}", response_class=HTMLResponse)
async def activity_page(request: Request, ctx: ShopContext, activity_id: str) -> HTMLResponse:
    activity = await service_store.store_group_buy(ctx.uow(), activity_id=activity_id)
    return render(request, "shop/group_buy.html", {"activity": activity, "left": time_left})


async def _confirm_context(
    ctx: RequestContext, activity_id: str, variant_id: str, group_id: str, values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:  # fmt: skip
    activity = await service_store.store_group_buy(ctx.uow(), activity_id=activity_id)
    item = next((i for i in activity.items if i.variant_id == variant_id), None)
    if item is None:
        raise NotFound("group buy item", id=variant_id)
    book = await list_my_addresses(ctx.uow())
    values = {**delivery_prefill(book), "quantity": "1", "key": str(uuid.uuid4()), **values}
    return {"activity": activity, "item": item, "group_id": group_id, "book": book, "stores": [], "values": values,
            "errors": errors}  # fmt: skip


@router.get("/group-buys/{activity_id}/join", response_class=HTMLResponse)
async def confirm(
    request: Request, ctx: SignedInShopper, activity_id: str, variant: str, group: str = ""
) -> HTMLResponse:
    """开团 (no ``group``) or 参团: what is bought at which price and where it goes; the form carries a new key."""
    context = await _confirm_context(ctx, activity_id, variant, group, {}, {})
    return render(request, "shop/group_buy_join.html", context)


@router.post("/group-buys/{activity_id}/join", response_class=HTMLResponse)
async def join(request: Request, ctx: SignedInShopper, activity_id: str) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        quantity = form.get("quantity", "1")
        data = GroupJoinIn.model_validate({
            "variant_id": form.get("variant_id", ""), "quantity": int(quantity) if quantity.isdigit() else quantity,
            "delivery": await delivery_of(request, ctx, form),
        })  # fmt: skip
    except (ShoalError, ValidationError, DeliveryInvalid) as exc:
        found = exc.errors if isinstance(exc, DeliveryInvalid) else delivery_field_errors(request, exc)
        return await _refused(request, ctx, activity_id, form, place_errors(found, set(SHOWN) | {"quantity"}))
    try:
        outcome = await _enrol(ctx, activity_id, form.get("group_id", ""), data, form.get("key") or str(uuid.uuid4()))
    except ShoalError as exc:
        return await _refused(request, ctx, activity_id, form, _refusal(exc.code, exc.render(ctx.locale)), new_key=True)
    if outcome.status >= 400:
        body = outcome.body
        message = _refusal(str(body.get("code")), str(body.get("detail") or body.get("title")))
        return await _refused(request, ctx, activity_id, form, message, new_key=True)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/orders/{outcome.body['id']}"})


@router.get("/me/groups", response_class=HTMLResponse)
async def my_groups(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    groups = await service_store.my_groups(ctx.uow())
    return render(request, "shop/my_groups.html", {"groups": groups, "now": ctx.db.clock.now(), "left": time_left})


async def _enrol(ctx: RequestContext, activity_id: str, group_id: str, data: GroupJoinIn, key: str) -> Outcome:
    common: dict[str, Any] = {"tenant": ctx.tenant, "data": data, "key": key, "locale": ctx.locale}
    if group_id:
        return await service_join.join_group(ctx.uow, group_id=group_id, **common)
    return await service_join.open_group(ctx.uow, activity_id=activity_id, **common)


def _refusal(code: str, message: str) -> dict[str, str]:
    return {FORM_ERROR: message, "code": code}


async def _refused(
    request: Request, ctx: RequestContext, activity_id: str, form: dict[str, str], errors: dict[str, str],
    *, new_key: bool = False,
) -> Response:  # fmt: skip
    values = {k: v for k, v in form.items() if not (new_key and k == "key")}
    try:
        context = await _confirm_context(
            ctx, activity_id, form.get("variant_id", ""), form.get("group_id", ""), values, errors
        )
    except NotFound:  # the activity or its SKU went meanwhile: the message still says why
        context = {"activity": None, "item": None, "group_id": "", "book": [], "stores": [], "values": values,
                   "errors": errors}  # fmt: skip
    return render(request, "shop/group_buy_join.html", context, status=422, block="join_form")
