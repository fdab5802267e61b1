"""Pure rules of store stock as shoppers see it: a coarse level per store, distances and the nearest store.

Shoppers see 有货 / 库存紧张 / 无货 (``in_stock`` / ``low`` / ``none``), never counts: a shop need not tell a
competitor its shelf. Distances are great-circle (``inventory.rules.haversine_metres``); a shopper who gives a
city rather than a point is placed at the middle of that city's stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shoal.inventory.rules import haversine_metres, is_low_stock

IN_STOCK, LOW, NONE = "in_stock", "low", "none"
# A row whose shop set no low-stock threshold reads as low at this many units or fewer.
DEFAULT_LOW_AT = 3

Point = tuple[float, float]


def stock_level(available: int, threshold: int | None) -> str:
    """The row's own 库存预警 threshold decides "low" where the shop set one, ``DEFAULT_LOW_AT`` otherwise."""
    if available <= 0:
        return NONE
    return LOW if is_low_stock(available, DEFAULT_LOW_AT if threshold is None else threshold) else IN_STOCK


@dataclass(frozen=True, slots=True)
class StoreStock:
    """One store and what it holds of one variant."""

    location_id: str
    city: str | None
    latitude: Decimal | float | None
    longitude: Decimal | float | None
    priority: int
    available: int
    threshold: int | None = None

    @property
    def point(self) -> Point | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)


@dataclass(frozen=True, slots=True)
class Ranked:
    store: StoreStock
    level: str
    distance_metres: int | None


def city_centre(stores: Sequence[StoreStock], city: str) -> Point | None:
    """The mean point of a city's stores that have one: where a shopper who only chose the city is taken to be
    (cities span tens of kilometres, so the mean of the shop's own stores there is as good as any centre)."""
    points = [s.point for s in stores if s.city == city and s.point is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def rank(stores: Sequence[StoreStock], origin: Point | None = None, city: str | None = None) -> list[Ranked]:
    """Stores in the shopper's city first, then nearest first; unplaced stores last, by priority.

    ``origin`` wins over ``city`` for distances; a city alone measures from ``city_centre``.
    """
    where = origin if origin is not None else (city_centre(stores, city) if city else None)

    def distance(s: StoreStock) -> int | None:
        point = s.point
        return None if where is None or point is None else haversine_metres(where, point)

    ranked = [Ranked(s, stock_level(s.available, s.threshold), distance(s)) for s in stores]
    return sorted(
        ranked,
        key=lambda r: (
            bool(city) and r.store.city != city,
            r.distance_metres is None,
            r.distance_metres or 0,
            r.store.priority,
            r.store.location_id,
        ),
    )


def nearest_with_stock(ranked: Sequence[Ranked], *, located: bool) -> Ranked | None:
    """The first ranked store that has the variant, once the shopper said where they are (else "nearest" means
    nothing and there is none)."""
    if not located:
        return None
    return next((r for r in ranked if r.level != NONE), None)
