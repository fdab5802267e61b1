"""What the storefront and console order pages add to an order: the names of its discounts (points too), the carriers'
names in the page's language and, for a pickup order, the store it waits at. One place, so both pages show
the same breakdown and the same parcels."""

from __future__ import annotations

from typing import Any

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound
from shoal.inventory.schemas import LocationRead
from shoal.inventory.service import get_location
from shoal.loyalty.checkout_points import SOURCE as POINTS
from shoal.marketing.service_queries import discount_names
from shoal.orders import carriers
from shoal.orders.schemas import OrderRead
from shoal.web.i18n import translations


async def order_extras(ctx: RequestContext, order: OrderRead) -> dict[str, Any]:
    sources = [d.source for d in order.money.discounts]
    return {
        "discount_names": await discount_names(ctx.uow(), sources=sources) | _points_names(sources, ctx.locale),
        "pickup_store": await _pickup_store(ctx, order),
        "carrier_names": {c.code: c.name(ctx.locale) for c in carriers.CARRIERS},
    }


def _points_names(sources: list[str], locale: str) -> dict[str, dict[str, str]]:
    """积分抵扣 by name: loyalty's checkout step names its discount ``points:<n>`` (the points the order spent)."""
    gettext = translations(locale).gettext
    spent = [(s, s.split(":", 1)[1]) for s in sources if s.startswith(POINTS + ":")]
    return {source: {locale: gettext("Points (%(n)s)") % {"n": n}} for source, n in spent}


async def _pickup_store(ctx: RequestContext, order: OrderRead) -> LocationRead | None:
    if not order.pickup_location_id:
        return None
    try:
        return await get_location(ctx.uow(), location_id=order.pickup_location_id)
    except NotFound:  # the store was removed since: the order still shows, without it
        return None
