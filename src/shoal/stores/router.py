"""Store operations over HTTP: store stock for shoppers (``/api/v1/store``, anonymous, the tenant from
``X-Shoal-Tenant``) and a store's queues for staff (``/api/v1/admin/stores``, a clerk only its own store's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from shoal.core.context import RequestContext
from shoal.core.http import storefront_context
from shoal.identity.deps import StaffContext
from shoal.orders.schemas import OrderSummary
from shoal.orders.service_store import StoreQueue, store_queue
from shoal.stores import service
from shoal.stores.errors import PointIncomplete
from shoal.stores.schemas import StoreAvailability

router = APIRouter(tags=["stores"])
Shop = Annotated[RequestContext, Depends(storefront_context)]
Latitude = Annotated[Decimal | None, Query(ge=-90, le=90, description="The shopper's latitude (WGS-84).")]
Longitude = Annotated[Decimal | None, Query(ge=-180, le=180, description="The shopper's longitude (WGS-84).")]


@router.get(
    "/api/v1/store/products/{product_id}/stores",
    response_model=StoreAvailability,
    summary="Which stores hold a product's variant (in stock, low, none) and the nearest that has it",
)
async def product_stores(
    ctx: Shop,
    product_id: str,
    variant_id: Annotated[str | None, Query(max_length=36)] = None,
    latitude: Latitude = None,
    longitude: Longitude = None,
    city: Annotated[
        str | None, Query(max_length=60, description="A city the shopper chose, as stores name it.")
    ] = None,
) -> StoreAvailability:
    if (latitude is None) != (longitude is None):
        raise PointIncomplete()
    origin = (float(latitude), float(longitude)) if latitude is not None and longitude is not None else None
    return await service.store_availability(
        ctx.uow(), product_id=product_id, locale=ctx.locale, variant_id=variant_id, origin=origin, city=city or None
    )


@router.get(
    "/api/v1/admin/stores/{location_id}/orders",
    response_model=list[OrderSummary],
    summary="A store's paid orders waiting for it: pickups, or ship-from-store orders to pick and ship",
)
async def store_orders(ctx: StaffContext, location_id: str, queue: StoreQueue = "ship") -> list[OrderSummary]:
    return await store_queue(ctx.uow(), location_id=location_id, queue=queue)
