"""Storefront shopping: add to cart, the cart, checkout (ship or pick up), the demo's test payment, my orders.

Buying needs an account (the shopper signs in from the product page); the cart id lives in a cookie
scoped to the shop. Checkout goes through the same service as the API, so pricing, stock reservation
and promotions are the API's to the fen.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.checkout import service as carts
from shoal.checkout import service_checkout
from shoal.checkout.errors import PriceChanged
from shoal.checkout.schemas import CartLineAdd, CheckoutRequest
from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.core.overload import checkout_slot
from shoal.marketing.service_coupons import claim_coupon
from shoal.marketing.service_queries import shopper_coupons
from shoal.orders import service as orders_service
from shoal.orders import service_queries as orders
from shoal.payments import service as payments
from shoal.payments.deps import payment_providers
from shoal.payments.errors import MockPaymentsDisabled
from shoal.web.cookies import CART, put, shop_path
from shoal.web.forms import FORM_ERROR, errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import (
    ADDRESS_FIELDS,
    checkout_context,
    price_changed_message,
    pricing_context,
)
from shoal.web.storefront.coupon_choice import COUPON_FIELD, chosen_coupons
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.storefront.order_page import order_page
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)


def _go(url: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": url})


async def _my_cart_id(request: Request, ctx: RequestContext) -> str | None:
    """The cart in the cookie, if it is still this shopper's open cart."""
    cart_id = request.cookies.get(CART)
    if not cart_id:
        return None
    try:
        cart = await carts.get_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id)
    except NotFound:
        return None
    return cart.id if cart.status == "active" else None


@router.post("/cart")
async def add_to_cart(request: Request, ctx: SignedInShopper) -> Response:
    form = await request.form()
    cart_id = await _my_cart_id(request, ctx)
    if cart_id is None:
        cart_id = (await carts.create_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale)).id
    line = CartLineAdd(variant_id=str(form.get("variant_id", "")), quantity=int(str(form.get("quantity") or 1)))
    await carts.add_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, data=line)
    response = _go(f"/shop/{ctx.tenant.slug}/cart")
    put(request, response, CART, cart_id, path=shop_path(ctx.tenant.slug))
    return response


@router.get("/cart", response_class=HTMLResponse)
async def cart_page(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    """The cart priced with the best coupons; the shopper may then choose others (or none)."""
    context = await checkout_context(ctx, await _my_cart_id(request, ctx), chosen_coupons(request.query_params))
    return render(request, "shop/cart.html", context)


@router.get("/cart/pricing", response_class=HTMLResponse)
async def cart_pricing(request: Request, ctx: SignedInShopper) -> Response:
    """The totals and explanation again, for the coupons now ticked (the chooser asks on every change)."""
    cart_id = await _my_cart_id(request, ctx)
    if cart_id is None:
        return _go(f"/shop/{ctx.tenant.slug}/cart")
    context = await pricing_context(ctx, cart_id, chosen_coupons(request.query_params))
    return render(request, "shop/_pricing.html", context)


@router.post("/checkout", response_class=HTMLResponse)
@router.post("/checkout", response_class=HTMLResponse, dependencies=[Depends(checkout_slot)])
async def place_order(request: Request, ctx: SignedInShopper) -> Response:
    """Place the order with exactly the coupons chosen, at exactly the total shown (else nothing is charged)."""
    posted = await request.form()
    form = {key: str(value) for key, value in posted.items() if key != COUPON_FIELD}
    choice = chosen_coupons(posted)
    cart_id = await _my_cart_id(request, ctx)
    if cart_id is None:
        return _go(f"/shop/{ctx.tenant.slug}/cart")
    expected = form.get("expected_total", "")
    try:
        body = CheckoutRequest.model_validate({
            "cart_id": cart_id, "delivery": _delivery(form), "coupon_ids": choice,
            "expected_total": int(expected) if expected.isdigit() else None,
        })  # fmt: skip
        order = await service_checkout.checkout(
            ctx.uow(), tenant=ctx.tenant, data=body, unpaid_minutes=request.app.state.settings.unpaid_order_minutes
        )
    except (ShoalError, ValidationError) as exc:
        # Keep what the shopper typed and say, next to each field, what to fix (``delivery.address.phone``
        # is the form's ``phone``).
        found = {key.rsplit(".", 1)[-1]: message for key, message in errors_of(request, exc).items()}
        context = await checkout_context(ctx, cart_id, choice)
        if isinstance(exc, PriceChanged):
            # The total is not the one shown (a shipping fee for this address, a coupon taken by another order):
            # charge nothing, show the new total and let the shopper confirm it.
            context["confirm_total"] = exc.params["total"]
            found = {FORM_ERROR: price_changed_message(request, exc.params["total"], context["cart"].currency)}
        context |= {"values": form, "errors": place_errors(found, set(ADDRESS_FIELDS) | {"location_id"})}
        return render(request, "shop/cart.html", context, status=422, block="checkout_form")
    return _go(f"/shop/{ctx.tenant.slug}/orders/{order.id}")


def _delivery(form: dict[str, str]) -> dict[str, Any]:
    if form.get("method") == "pickup":
        return {"method": "pickup", "location_id": form.get("location_id") or None}
    return {"method": "ship", "address": {key: form.get(key, "") for key in ADDRESS_FIELDS}}


@router.get("/orders", response_class=HTMLResponse)
async def my_orders(request: Request, ctx: SignedInShopper, status: str | None = None) -> HTMLResponse:
    page = await orders.list_my_orders(ctx.uow(), status=status or None, limit=50, cursor=None)
    return render(request, "shop/orders.html", {"page": page, "status": status or ""})


@router.get("/orders/{order_id}", response_class=HTMLResponse)
async def my_order(request: Request, ctx: SignedInShopper, order_id: str) -> HTMLResponse:
    order = await orders.get_my_order(ctx.uow(), order_id=order_id)
    return render(request, "shop/order.html", await order_page(ctx, order))


@router.post("/orders/{order_id}/cancel")
async def cancel(ctx: SignedInShopper, order_id: str) -> Response:
    """The shopper calls off an unpaid order; its stock and coupons go back."""
    await orders_service.cancel_order(ctx.uow(), order_id=order_id)
    return _go(f"/shop/{ctx.tenant.slug}/orders/{order_id}")


@router.post("/orders/{order_id}/received")
async def received(ctx: SignedInShopper, order_id: str) -> Response:
    """确认收货: the parcel arrived; the order is complete."""
    await orders_service.confirm_receipt(ctx.uow(), order_id=order_id)
    return _go(f"/shop/{ctx.tenant.slug}/orders/{order_id}")


@router.post("/orders/{order_id}/pay")
async def pay(request: Request, ctx: SignedInShopper, order_id: str) -> Response:
    """The demo's test payment: in development with the mock on, the shopper's own order is paid at once.

    Anywhere else there is no such button and this answers ``mock_payments_disabled`` (404).
    """
    if not request.app.state.settings.shoppers_pay_with_mock:
        raise MockPaymentsDisabled()
    await payments.mock_pay_own_order(
        ctx.uow(), providers=payment_providers(request), order_id=order_id, customer_id=ctx.actor.id or ""
    )
    return _go(f"/shop/{ctx.tenant.slug}/orders/{order_id}")


@router.get("/coupons", response_class=HTMLResponse)
async def coupon_centre(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    """领券中心: coupons open for claiming, and mine with their state (the cart applies the best ones)."""
    coupons = await shopper_coupons(ctx.uow(), customer_id=ctx.actor.id)
    return render(request, "shop/coupons.html", {"coupons": coupons})


@router.post("/coupons/{template_id}/claim")
async def claim(request: Request, ctx: SignedInShopper, template_id: str) -> Response:
    """Claim, then back to the page the shopper claimed on (a product page) or the coupon centre."""
    await claim_coupon(ctx.uow(), template_id=template_id, customer_id=ctx.actor.id or "")
    shop = f"/shop/{ctx.tenant.slug}"
    back = str((await request.form()).get("next", ""))
    return _go(back if back.startswith(f"{shop}/") and "//" not in back else f"{shop}/coupons")
