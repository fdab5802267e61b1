"""Storefront shopping: checkout (ship or pick up), the demo's test payment, my orders and the coupon centre.

The cart itself is ``cart.py``. Checkout needs an account and goes through the same service as the API, so
pricing, stock reservation and promotions are the API's to the fen.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.checkout import service_checkout
from shoal.checkout.errors import PriceChanged
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.core.overload import checkout_slot
from shoal.marketing.service_coupons import claim_coupon
from shoal.marketing.service_queries import shopper_coupons
from shoal.orders import service as orders_service
from shoal.orders import service_queries as orders
from shoal.payments import service as payments
from shoal.payments.deps import payment_providers
from shoal.payments.errors import MockPaymentsDisabled
from shoal.web.forms import FORM_ERROR, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront.cart import cart_for
from shoal.web.storefront.checkout_view import (
    checkout_context,
    price_changed_message,
    uses_points,
)
from shoal.web.storefront.coupon_cards import claimable_cards, held_cards
from shoal.web.storefront.coupon_choice import COUPON_FIELD, chosen_coupons
from shoal.web.storefront.delivery_form import SHOWN, DeliveryInvalid, delivery_field_errors, delivery_of
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.storefront.order_page import order_page
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)


def _go(url: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": url})


@router.post("/checkout", response_class=HTMLResponse, dependencies=[Depends(checkout_slot)])
async def place_order(request: Request, ctx: SignedInShopper) -> Response:
    """Place the order with exactly the coupons and points chosen, at exactly the total shown (else nothing is
    charged).

    A new address is saved to the shopper's address book first (it is offered, chosen, next time)."""
    posted = await request.form()
    form = {key: str(value) for key, value in posted.items() if key != COUPON_FIELD}
    choice = chosen_coupons(posted)
    chosen_cart = form.get("cart") or None
    cart_id = await cart_for(request, ctx, chosen_cart)
    if cart_id is None:
        return _go(f"/shop/{ctx.tenant.slug}/cart")
    expected, points = form.get("expected_total", ""), form.get("points", "")
    use_points = uses_points(form)
    try:
        body = CheckoutRequest.model_validate({
            "cart_id": cart_id, "delivery": await delivery_of(request, ctx, form), "coupon_ids": choice,
            "expected_total": int(expected) if expected.isdigit() else None,
            "points": int(points) if use_points and points.isdigit() else 0,
        })  # fmt: skip
        order = await service_checkout.checkout(
            ctx.uow(), tenant=ctx.tenant, data=body, unpaid_minutes=request.app.state.settings.unpaid_order_minutes
        )
    except (ShoalError, ValidationError, DeliveryInvalid) as exc:
        context = await checkout_context(ctx, cart_id, choice, use_points)
        # What the shopper must fix, named field by field (请填写收货人), next to each field.
        found = exc.errors if isinstance(exc, DeliveryInvalid) else delivery_field_errors(request, exc)
        if isinstance(exc, PriceChanged):
            # The total is not the one shown (a shipping fee for this address, a coupon taken by another order):
            # charge nothing, show the new total and let the shopper confirm it.
            context["confirm_total"] = exc.params["total"]
            found = {FORM_ERROR: price_changed_message(request, exc.params["total"], context["cart"].currency)}
        values = context["values"] | form
        context |= {"values": values, "errors": place_errors(found, set(SHOWN) | {"location_id"}),
                    "buy_now": bool(chosen_cart)}  # fmt: skip
        return render(request, "shop/cart.html", context, status=422, block="checkout_form")
    return _go(f"/shop/{ctx.tenant.slug}/orders/{order.id}")


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
    """领券中心: coupons open for claiming (已领取 once held), and mine with their state and where to use them."""
    coupons = await shopper_coupons(ctx.uow(), customer_id=ctx.actor.id)
    words = _card_words(ctx)
    context = {
        "claimable": claimable_cards(coupons.claimable, coupons.mine, **words),
        "mine": held_cards(coupons.mine, **words),
        "statuses": {c.id: c.status for c in coupons.mine},
    }
    return render(request, "shop/coupons.html", context)


@router.post("/coupons/{template_id}/claim", response_class=HTMLResponse)
async def claim(request: Request, ctx: SignedInShopper, template_id: str) -> Response:
    """Claim, and answer on the spot: the card turns 已领取 · 去使用 and a toast says it worked (the shopper
    stays where they were, on a product page or in the coupon centre)."""
    await claim_coupon(ctx.uow(), template_id=template_id, customer_id=ctx.actor.id or "")
    coupons = await shopper_coupons(ctx.uow(), customer_id=ctx.actor.id)
    words = _card_words(ctx)
    cards = claimable_cards([t for t in coupons.claimable if t.id == template_id], coupons.mine, **words)
    held = [c for c in coupons.mine if c.template_id == template_id]
    card = cards[0] if cards else held_cards(held[:1], **words)[0]
    return render(request, "shop/_claimed.html", {"card": card})


def _card_words(ctx: RequestContext) -> dict[str, Any]:
    base = f"/shop/{ctx.tenant.slug}"
    return {"base": base, "currency": ctx.tenant.currency, "locale": ctx.locale,
            "gettext": translations(ctx.locale).gettext}  # fmt: skip
