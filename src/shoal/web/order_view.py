"""What the storefront and console order pages add to an order: the names of its discounts, the carriers'
names in the page's language and, for a pickup order, the store it waits at. One place, so both pages show
the same breakdown and the same parcels."""

from __future__ import annotations

from typing import Any

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound
from shoal.inventory.schemas import LocationRead
from shoal.inventory.service import get_location
from shoal.marketing.service_queries import discount_names
from shoal.orders import carriers
from shoal.orders.schemas import OrderRead


async def order_extras(ctx: RequestContext, order: OrderRead) -> dict[str, Any]:
    sources = [d.source for d in order.money.discounts]
    return {
        "discount_names": await discount_names(ctx.uow(), sources=sources),
        "pickup_store": await _pickup_store(ctx, order),
        "carrier_names": {c.code: c.name(ctx.locale) for c in carriers.CARRIERS},
    }


async def _pickup_store(ctx: RequestContext, order: OrderRead) -> LocationRead | None:
    if not order.pickup_location_id:
        return None
    try:
        return await get_location(ctx.uow(), location_id=order.pickup_location_id)
    except NotFound:  # the store was removed since: the order still shows, without it
        return None
