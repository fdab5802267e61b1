"""What the cart page shows before checkout: the cart priced for the shopper's coupon choice, their usable
coupons and the explanation of every promotion and coupon considered.

The cart is priced by checkout's ``cart_pricing`` with the same ``coupon_ids`` the order form will send, so the
total shown for a choice is the total charged; the form also sends that total as ``expected_total``, and
checkout refuses to charge any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from shoal.checkout import service as carts
from shoal.core.context import RequestContext
from shoal.customers.service_addresses import list_my_addresses
from shoal.inventory.service import list_locations
from shoal.loyalty.checkout_points import SOURCE as POINTS
from shoal.loyalty.service_points import points_balance
from shoal.marketing.errors import CouponExhausted, CouponLimitReached, CouponUnavailable
from shoal.marketing.service_queries import running_promotions, shopper_coupons
from shoal.web.i18n import translations
from shoal.web.storefront.coupon_choice import coupon_options, outcomes
from shoal.web.storefront.delivery_form import NEW_ADDRESS
from shoal.web.templating import money, request_locale


def delivery_prefill(book: list[Any]) -> dict[str, str]:
    """The delivery form starts on the default address (the book lists it first), or on a new one."""
    return {"address_id": book[0].id if book else NEW_ADDRESS}


async def pricing_context(
    ctx: RequestContext, cart_id: str, choice: list[str] | None, use_points: bool = False
) -> dict[str, Any]:
    """The coupon chooser, the points offer and totals (the page's ``_pricing.html`` fragment) for ``choice``.

    A chosen coupon that has run out or become unusable since the page was drawn (another order used the last one,
    or it expired) is not an error page: the cart is priced with the best coupons still usable, and the shopper is
    told why their choice changed.
    """
    notice = None
    try:
        priced, offer = await _priced_with_points(ctx, cart_id, choice, use_points)
    except (CouponExhausted, CouponLimitReached, CouponUnavailable) as exc:
        notice, choice = exc.render(ctx.locale), None
        priced, offer = await _priced_with_points(ctx, cart_id, choice, use_points)
    held = await shopper_coupons(ctx.uow(), customer_id=ctx.actor.id)
    names: dict[str, dict[str, str]] = {c.id: c.name for c in held.mine}
    names |= {p.id: p.name for p in await running_promotions(ctx.uow())}
    return {
        "priced": priced,
        "coupon_notice": notice,
        "options": coupon_options(held.mine, priced.rules, choice, ctx.locale),
        "outcomes": outcomes(priced.rules, names, ctx.locale),
        "points_offer": offer,
        "use_points": use_points and offer is not None and offer.usable > 0,
    }


USE_POINTS = "use_points"  # the box 使用积分; checked, the order spends the points the form names in ``points``


def uses_points(values: Mapping[str, Any]) -> bool:
    return values.get(USE_POINTS) == "1"


@dataclass(frozen=True, slots=True)
class PointsOffer:
    """积分抵扣: the points held, how many this order can use (the shop's cap) and what they take off."""

    held: int
    usable: int
    off: int


def points_off(priced: Any) -> tuple[int, int]:
    """(points spent, fen off) of a priced cart: the allocations the points step names ``points:<n>``."""
    parts = [a for a in priced.allocations if a.source.startswith(POINTS + ":")]
    return (int(parts[0].source.split(":")[1]) if parts else 0), sum(a.amount for a in parts)


async def _priced_with_points(
    ctx: RequestContext, cart_id: str, choice: list[str] | None, use_points: bool
) -> tuple[Any, PointsOffer | None]:
    """The cart priced with all the points the shop lets it use when the shopper has any (so the offer can say
    what they would take off), and without them unless the shopper chose to use them."""
    held = await points_balance(ctx.uow(), customer_id=ctx.actor.id or "") if ctx.actor.kind == "shopper" else 0
    if held <= 0:
        return await _priced(ctx, cart_id, choice), None
    with_points = await _priced(ctx, cart_id, choice, held)
    usable, off = points_off(with_points)
    offer = PointsOffer(held=held, usable=usable, off=off)
    return (with_points if use_points and usable else await _priced(ctx, cart_id, choice)), offer


async def _priced(ctx: RequestContext, cart_id: str, choice: list[str] | None, points: int = 0) -> Any:
    return await carts.cart_pricing(
        ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id, coupon_ids=choice, points=points
    )


async def checkout_context(
    ctx: RequestContext, cart_id: str | None, choice: list[str] | None, use_points: bool = False
) -> dict[str, Any]:
    """Everything the cart page renders: lines, pickup stores and the priced coupon choice."""
    cart = await carts.get_cart(ctx.uow(), tenant=ctx.tenant, locale=ctx.locale, cart_id=cart_id) if cart_id else None
    stores = [loc for loc in await list_locations(ctx.uow(), kind="store") if loc.pickup_enabled]
    book = await list_my_addresses(ctx.uow()) if ctx.actor.kind == "shopper" else []
    context: dict[str, Any] = {"cart": cart, "stores": stores, "book": book, "values": delivery_prefill(book),
                               "errors": {}}  # fmt: skip
    if cart is not None and cart.lines:
        context |= await pricing_context(ctx, cart.id, choice, use_points)
    return context


def price_changed_message(request: Request, total: int, currency: str) -> str:
    """Checkout refused the total shown (the address brought a shipping fee, or a coupon is no longer free to use):
    the new total, for the shopper to confirm by placing the order again."""
    _ = translations(request_locale(request)).gettext
    message = _("The total is now %(total)s, shipping included. Check it and place the order again to pay it.")
    return message % {"total": money(total, currency)}
