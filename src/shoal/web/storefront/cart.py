"""The storefront cart: add (guests too), 立即购买, change a quantity, remove a line, the cart page and its totals.

A guest's cart is addressed by a cookie of the shop; a signed-in shopper's cart is found by their account, so the
cart they filled on their phone is the one they see on their computer. Signing in with a guest cart merges it
into the account's cart (``account.py`` hands the cookie to the sign-in, checkout's hook merges).

立即购买 puts the product alone in a ``buy_now`` cart and opens checkout on it, so the cart keeps its lines;
the page names that cart in its links (``?cart=<id>``), and only its owner can open it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.checkout import service as carts
from shoal.checkout.schemas import CartLineAdd, CartLineUpdate
from shoal.core.context import RequestContext
from shoal.core.errors import NotFound
from shoal.web.cookies import CART, put, shop_path
from shoal.web.route import WebRoute
from shoal.web.storefront.checkout_view import checkout_context, pricing_context, uses_points
from shoal.web.storefront.coupon_choice import chosen_coupons
from shoal.web.storefront.deps import ShopContext, SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
CART_CHANGED = "cart-changed"  # the event the totals listen for (HX-Trigger) to price the cart again


def _go(url: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": url})


async def cart_for(request: Request, ctx: RequestContext, chosen: str | None = None) -> str | None:
    """The cart this page works on: a buy-now cart the shopper named, else their cart (by account when signed
    in, by the shop's cookie for a guest). ``None`` when there is none, or it is not theirs or not open."""
    if chosen:
        return await _open(ctx, chosen, carts.BUY_NOW) if ctx.actor.kind == "shopper" else None
    if ctx.actor.kind == "shopper":
        return await carts.my_cart_id(ctx.uow())
    cookie = request.cookies.get(CART)
    return await _open(ctx, cookie, carts.CART) if cookie else None


async def _open(ctx: RequestContext, cart_id: str, purpose: str) -> str | None:
    try:
        cart = await carts.get_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id)
    except NotFound:
        return None
    return cart.id if cart.status == "active" and cart.purpose == purpose else None


async def _line(request: Request) -> CartLineAdd:
    form = await request.form()
    quantity = str(form.get("quantity") or "1")
    return CartLineAdd.model_validate(
        {"variant_id": str(form.get("variant_id", "")), "quantity": int(quantity) if quantity.isdigit() else 0}
    )


@router.post("/cart")
async def add_to_cart(request: Request, ctx: ShopContext) -> Response:
    """加入购物车, signed in or not: a guest's cart is kept in a cookie until they sign in."""
    line = await _line(request)
    cart_id = await cart_for(request, ctx)
    if cart_id is None:
        cart_id = (await carts.create_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale)).id
    await carts.add_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, data=line)
    response = _go(f"{shop_path(ctx.tenant.slug)}/cart")
    if ctx.actor.kind != "shopper":
        put(request, response, CART, cart_id, path=shop_path(ctx.tenant.slug))
    return response


@router.post("/buy-now")
async def buy_now(request: Request, ctx: SignedInShopper) -> Response:
    """立即购买: this product alone, straight to checkout; the cart is left as it was."""
    line = await _line(request)
    cart = await carts.create_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, purpose=carts.BUY_NOW)
    await carts.add_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart.id, data=line)
    return _go(f"{shop_path(ctx.tenant.slug)}/cart?cart={cart.id}")


@router.get("/cart", response_class=HTMLResponse)
async def cart_page(request: Request, ctx: ShopContext, cart: str | None = None) -> HTMLResponse:
    """The cart priced with the best coupons; the shopper may then choose others (or none). A guest sees the
    lines and totals and signs in to check out."""
    cart_id = await cart_for(request, ctx, cart)
    context = await checkout_context(
        ctx, cart_id, chosen_coupons(request.query_params), uses_points(request.query_params)
    )
    return render(request, "shop/cart.html", context | {"buy_now": bool(cart and cart_id)})


@router.get("/cart/pricing", response_class=HTMLResponse)
async def cart_pricing(request: Request, ctx: ShopContext, cart: str | None = None) -> Response:
    """The totals and explanation again, for the coupons now ticked and the points box (each change asks)."""
    cart_id = await cart_for(request, ctx, cart)
    if cart_id is None:
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    context = await pricing_context(
        ctx, cart_id, chosen_coupons(request.query_params), uses_points(request.query_params)
    )
    return render(request, "shop/_pricing.html", context)


@router.post("/cart/lines/{line_id}", response_class=HTMLResponse)
async def change_quantity(request: Request, ctx: ShopContext, line_id: str, cart: str | None = None) -> Response:
    """The − and + of a line: its new quantity (at least 1; removing is its own button)."""
    quantity = str((await request.form()).get("quantity", ""))
    data = CartLineUpdate.model_validate({"quantity": int(quantity) if quantity.isdigit() else 0})
    cart_id = await cart_for(request, ctx, cart)
    if cart_id is None:
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    read = await carts.update_line(
        ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, line_id=line_id, data=data
    )
    return _lines(request, read, cart)


@router.post("/cart/lines/{line_id}/remove", response_class=HTMLResponse)
async def remove_line(request: Request, ctx: ShopContext, line_id: str, cart: str | None = None) -> Response:
    cart_id = await cart_for(request, ctx, cart)
    if cart_id is None:
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    read = await carts.remove_line(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, line_id=line_id)
    if not read.lines:
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    return _lines(request, read, cart)


def _lines(request: Request, read: object, chosen: str | None) -> HTMLResponse:
    """The lines again, and a nudge for the totals to price the cart anew."""
    context = {"cart": read, "buy_now": bool(chosen)}
    return render(request, "shop/cart.html", context, block="lines", headers={"HX-Trigger": CART_CHANGED})
