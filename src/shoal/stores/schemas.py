"""Responses of store stock as shoppers see it: a level per store, never a count."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from shoal.core.schemas import Output
from shoal.inventory.schemas import Address

Level = Literal["in_stock", "low", "none"]


class StoreStockRead(Output):
    location_id: str
    name: str
    address: Address
    opening_hours: str | None
    pickup_enabled: bool
    latitude: Decimal | None
    longitude: Decimal | None
    level: Level
    distance_metres: int | None = None


class StoreAvailability(Output):
    """Every active store's level for one variant (nearest first once the shopper says where they are), the
    nearest that has it, and the cities with stores (for a shopper to choose from)."""

    product_id: str
    variant_id: str
    stores: list[StoreStockRead]
    nearest: StoreStockRead | None
    cities: list[str]
