"""Storefront reads composed from the catalog (names, prices) and the inventory (what is available).

This package sits above both domains; the catalog never learns about stock.
"""

from __future__ import annotations

from shoal.catalog.schemas_store import StoreCard
from shoal.catalog.schemas_taxonomy import CategoryNode
from shoal.catalog.service_store import get_store_product, list_store_products
from shoal.catalog.service_taxonomy import category_tree
from shoal.core.pagination import Page
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import availability
from shoal.storefront.schemas import ShopperProduct, ShopperVariant

STORE_CHANNEL_PREFIX = "store:"


async def product_page(
    uow: UnitOfWork,
    *,
    locale: str,
    limit: int,
    cursor: str | None = None,
    q: str | None = None,
    category_id: str | None = None,
    channel: str = "online",
    sort: str = "-created_at",
) -> Page[StoreCard]:
    return await list_store_products(
        uow, locale=locale, limit=limit, cursor=cursor, q=q, category_id=category_id, channel=channel, sort=sort
    )


async def product_detail(uow: UnitOfWork, *, product_id: str, locale: str, channel: str = "online") -> ShopperProduct:
    """An active product with each variant's price on ``channel`` and units available.

    On a store channel (``store:<location_id>``) availability is that store's shelf; elsewhere it is
    every sellable location's.
    """
    locations = [channel.removeprefix(STORE_CHANNEL_PREFIX)] if channel.startswith(STORE_CHANNEL_PREFIX) else None
    async with uow:
        detail = await get_store_product(uow, product_id=product_id, locale=locale, channel=channel)
        units = await availability(uow, variant_ids=[v.id for v in detail.variants], location_ids=locations)
    variants = [ShopperVariant(**v.model_dump(), available=units.get(v.id, 0)) for v in detail.variants]
    return ShopperProduct(**detail.model_dump(exclude={"variants"}), variants=variants)


async def categories(uow: UnitOfWork, *, locale: str) -> list[CategoryNode]:
    return await category_tree(uow, locale=locale)
