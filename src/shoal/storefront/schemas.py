"""Storefront bodies: the catalog's shopper view plus what the inventory says is available."""

from __future__ import annotations

from shoal.catalog.schemas_store import StoreDetail, StoreVariant


class ShopperVariant(StoreVariant):
    available: int


class ShopperProduct(StoreDetail):
    variants: list[ShopperVariant]  # type: ignore[assignment]
