"""The member centre (会员中心): profile, orders by state, coupons held, and the address book.

Checkout fills its delivery form from the book's default address, so a shopper types an address once.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.customers import service as customers
from shoal.customers import service_addresses as addresses
from shoal.customers.schemas import AddressCreate, AddressUpdate, MeUpdate
from shoal.loyalty.schemas import Membership
from shoal.loyalty.service_membership import my_membership
from shoal.marketing.service_queries import shopper_coupons
from shoal.orders import service_queries as orders
from shoal.web.forms import blank_to_none, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront.delivery_form import POSTED, SHOWN, address_of, delivery_errors, delivery_field_errors
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/me", route_class=WebRoute, include_in_schema=False)
EXTRA_FIELDS = ("line2", "postal_code")
# The member centre's shortcuts, in the order shoppers look for them.
ORDER_SHORTCUTS = ("pending_payment", "paid", "shipped", "completed")


def _go(url: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": url})


async def _centre(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    me = await customers.get_me(ctx.uow())
    counts = await orders.my_order_counts(ctx.uow())
    held = (await shopper_coupons(ctx.uow(), customer_id=ctx.actor.id)).mine
    membership = await my_membership(ctx.uow())
    return {
        "me": me,
        "shortcuts": [(status, counts.get(status, 0)) for status in ORDER_SHORTCUTS],
        "usable_coupons": sum(1 for c in held if c.status == "available"),
        "membership": membership,
        "progress": level_progress(membership),
        "values": values or {"name": me.name},
        "errors": errors,
    }


def level_progress(membership: Membership) -> int:
    """How far (0-100 %) the member is from their level's threshold to the next one's: the bar of 会员中心."""
    if membership.next_level is None:
        return 100
    start = membership.level.threshold if membership.level else 0
    span = membership.next_level.threshold - start
    return max(0, min(100, (membership.growth - start) * 100 // span)) if span > 0 else 0


@router.get("", response_class=HTMLResponse)
async def member_centre(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    return render(request, "shop/me.html", await _centre(ctx, {}, {}))


@router.post("", response_class=HTMLResponse)
async def rename(request: Request, ctx: SignedInShopper) -> Response:
    values = {"name": str((await request.form()).get("name", "")).strip()}
    try:
        await customers.update_me(ctx.uow(), data=MeUpdate.model_validate(values))
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), {"name"})
        return render(request, "shop/me.html", await _centre(ctx, values, errors), status=422)
    return _go(f"/shop/{ctx.tenant.slug}/me")


async def _book(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {"addresses": await addresses.list_my_addresses(ctx.uow()), "values": values, "errors": errors}


@router.get("/addresses", response_class=HTMLResponse)
async def address_book(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    return render(request, "shop/addresses.html", await _book(ctx, {}, {}))


@router.post("/addresses", response_class=HTMLResponse)
async def add_address(request: Request, ctx: SignedInShopper) -> Response:
    """A new address from the 省/市/区 picker; what is missing is said next to its field (请填写收货人)."""
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in (*POSTED, *EXTRA_FIELDS)}
    errors = delivery_errors(values, translations(ctx.locale).gettext)
    if not errors:
        fields = address_of(values) | {key: values[key] for key in EXTRA_FIELDS}
        try:
            data = AddressCreate.model_validate({**blank_to_none(fields), "is_default": form.get("is_default") == "on"})
            await addresses.add_address(ctx.uow(), data=data)
        except (ShoalError, ValidationError) as exc:
            errors = delivery_field_errors(request, exc)
    if errors:
        errors = place_errors(errors, {*SHOWN, *EXTRA_FIELDS})
        return render(request, "shop/addresses.html", await _book(ctx, values, errors), status=422)
    return _go(f"/shop/{ctx.tenant.slug}/me/addresses")


@router.post("/addresses/{address_id}/default")
async def make_default(ctx: SignedInShopper, address_id: str) -> Response:
    await addresses.update_address(ctx.uow(), address_id=address_id, data=AddressUpdate(is_default=True))
    return _go(f"/shop/{ctx.tenant.slug}/me/addresses")


@router.post("/addresses/{address_id}/delete")
async def remove(ctx: SignedInShopper, address_id: str) -> Response:
    await addresses.delete_address(ctx.uow(), address_id=address_id)
    return _go(f"/shop/{ctx.tenant.slug}/me/addresses")
