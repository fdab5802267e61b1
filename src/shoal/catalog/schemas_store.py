"""What a shopper sees of the catalog: localised, priced for one channel, active products only."""

from __future__ import annotations

from shoal.core.schemas import Output


class StoreCard(Output):
    id: str
    handle: str
    name: str
    price: int
    compare_at_price: int | None
    currency: str
    image: str | None


class StoreImage(Output):
    id: str
    url: str
    alt: str


class StoreOption(Output):
    name: str
    values: list[str]


class StoreVariant(Output):
    id: str
    sku: str
    title: str
    price: int
    compare_at_price: int | None
    options: list[str]
    image: str | None


class StoreDetail(Output):
    id: str
    handle: str
    name: str
    description: str
    currency: str
    price: int
    compare_at_price: int | None
    image: str | None
    images: list[StoreImage]
    options: list[StoreOption]
    variants: list[StoreVariant]
    category_ids: list[str]
    tags: list[str]
