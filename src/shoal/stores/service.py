"""Store stock for shoppers (门店库存): which stores hold a product's variant, how much as a level, and the nearest
that has it. Anonymous storefront reads: no staff permission, only active products and active stores.
"""

from __future__ import annotations

from shoal.catalog.service_store import get_store_product
from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.inventory.schemas import LocationRead
from shoal.inventory.service import availability, stock_at_stores
from shoal.stores import rules
from shoal.stores.schemas import StoreAvailability, StoreStockRead


async def store_availability(
    uow: UnitOfWork,
    *,
    product_id: str,
    locale: str,
    variant_id: str | None = None,
    origin: rules.Point | None = None,
    city: str | None = None,
) -> StoreAvailability:
    """Levels per store for ``variant_id``, or for the first variant on sale (else the first) when none is named,
    as the product page preselects it. A variant of another product is 404, as is a product not for sale."""
    async with uow:
        product = await get_store_product(uow, product_id=product_id, locale=locale)
        ids = [v.id for v in product.variants]
        if variant_id is None:
            units = await availability(uow, variant_ids=ids)
            variant_id = next((v for v in ids if units[v] > 0), ids[0])
        elif variant_id not in ids:
            raise NotFound("variant", id=variant_id)
        rows = await stock_at_stores(uow, variant_id=variant_id)
    locations = {loc.id: loc for loc, _, _ in rows}
    stocks = [
        rules.StoreStock(loc.id, loc.address.city, loc.latitude, loc.longitude, loc.priority, units, threshold)
        for loc, units, threshold in rows
    ]
    ranked = rules.rank(stocks, origin, city)
    nearest = rules.nearest_with_stock(ranked, located=origin is not None or bool(city))
    return StoreAvailability(
        product_id=product_id,
        variant_id=variant_id,
        stores=[_read(locations[r.store.location_id], r, locale) for r in ranked],
        nearest=_read(locations[nearest.store.location_id], nearest, locale) if nearest else None,
        cities=sorted({s.city for s in stocks if s.city}),
    )


def _read(location: LocationRead, ranked: rules.Ranked, locale: str) -> StoreStockRead:
    return StoreStockRead(
        location_id=location.id,
        name=location.name_translations.get(locale) or location.name,
        address=location.address,
        opening_hours=location.opening_hours,
        pickup_enabled=location.pickup_enabled,
        latitude=location.latitude,
        longitude=location.longitude,
        level=ranked.level,  # type: ignore[arg-type]
        distance_metres=ranked.distance_metres,
    )
