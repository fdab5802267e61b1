"""Storefront reads composed from the catalog (names, prices) and the inventory (what is available).

This package sits above both domains; the catalog never learns about stock.

Every read first takes the tenant's shop revision (``core.shop_revision``: one primary-key read, changed by
database triggers on any write to the catalog, the promotions or the shipping templates) and looks the
catalog part up in a short per-process cache keyed by it, so a repeat read costs that one statement (and,
for a product, the stock read). The same revision makes the ETag: it
changes with anything shown (a name, a price, an image, the currency) and, for a product, with the units
available, so ``If-None-Match`` is answered 304 without building the body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from shoal.catalog.building import shop_facts
from shoal.catalog.schemas_store import StoreCard, StoreDetail
from shoal.catalog.schemas_taxonomy import CategoryNode
from shoal.catalog.service_store import get_store_product, list_store_products
from shoal.catalog.service_taxonomy import category_tree
from shoal.core.pagination import Page
from shoal.core.revision_cache import RevisionCache
from shoal.core.shop_revision import shop_revision
from shoal.core.uow import UnitOfWork
from shoal.inventory.service import availability
from shoal.storefront.schemas import ShopperProduct, ShopperVariant

STORE_CHANNEL_PREFIX = "store:"
CACHE_SECONDS = 60.0
_CATEGORY_TREE = TypeAdapter(list[CategoryNode])
# Bounded so a process holds at most some tens of MB (a product is a few KB, a page of 20 cards some 10 KB).
_pages: RevisionCache[tuple[Page[StoreCard], bytes]] = RevisionCache(size=1000, seconds=CACHE_SECONDS)
_details: RevisionCache[StoreDetail] = RevisionCache(size=5000, seconds=CACHE_SECONDS)
_trees: RevisionCache[tuple[list[CategoryNode], bytes]] = RevisionCache(size=1000, seconds=CACHE_SECONDS)


@dataclass(frozen=True, slots=True)
class Tagged:
    """A read's JSON body and its (weak) ETag."""

    tag: str
    body: bytes


def etag(*parts: Any) -> str:
    return 'W/"' + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest() + '"'


async def product_page(uow: UnitOfWork, *, locale: str, limit: int, **query: Any) -> Page[StoreCard]:
    """Active products, priced for ``channel`` (see ``product_page_json`` for the filters)."""
    return (await _page(uow, locale=locale, limit=limit, **query))[1][0]


async def product_page_json(uow: UnitOfWork, *, locale: str, limit: int, **query: Any) -> Tagged:
    key, (_, body) = await _page(uow, locale=locale, limit=limit, **query)
    return Tagged(etag("page", *key), body)


async def _page(
    uow: UnitOfWork,
    *,
    locale: str,
    limit: int,
    cursor: str | None = None,
    q: str | None = None,
    category_id: str | None = None,
    channel: str = "online",
    sort: str = "-created_at",
) -> tuple[tuple[Any, ...], tuple[Page[StoreCard], bytes]]:
    async with uow:
        revision = await shop_revision(uow)
        currency = (await shop_facts(uow)).currency
        key = (uow.db.url, uow.tenant_id, revision, currency, locale, limit, cursor, q, category_id, channel, sort)
        found = _pages.get(key, revision)
        if found is None:
            page = await list_store_products(
                uow, locale=locale, limit=limit, cursor=cursor, q=q, category_id=category_id, channel=channel, sort=sort
            )
            found = (page, page.model_dump_json().encode())
            _pages.put(key, revision, found)
    return key, found


async def product_detail(uow: UnitOfWork, *, product_id: str, locale: str, channel: str = "online") -> ShopperProduct:
    """An active product with each variant's price on ``channel`` and units available.

    On a store channel (``store:<location_id>``) availability is that store's shelf; elsewhere it is
    every sellable location's.
    """
    return (await _detail(uow, product_id=product_id, locale=locale, channel=channel))[1]


async def product_detail_json(uow: UnitOfWork, *, product_id: str, locale: str, channel: str = "online") -> Tagged:
    tag, product = await _detail(uow, product_id=product_id, locale=locale, channel=channel)
    return Tagged(tag, product.model_dump_json().encode())


async def _detail(uow: UnitOfWork, *, product_id: str, locale: str, channel: str) -> tuple[str, ShopperProduct]:
    locations = [channel.removeprefix(STORE_CHANNEL_PREFIX)] if channel.startswith(STORE_CHANNEL_PREFIX) else None
    async with uow:
        revision = await shop_revision(uow)
        currency = (await shop_facts(uow)).currency
        key = (uow.db.url, uow.tenant_id, product_id, currency, locale, channel)
        detail = _details.get(key, revision)
        if detail is None:
            detail = await get_store_product(uow, product_id=product_id, locale=locale, channel=channel)
            _details.put(key, revision, detail)
        units = await availability(uow, variant_ids=[v.id for v in detail.variants], location_ids=locations)
    variants = [ShopperVariant.model_construct(**dict(v), available=units.get(v.id, 0)) for v in detail.variants]
    product = ShopperProduct.model_construct(**{**dict(detail), "variants": variants})
    return etag("product", revision, *key, *(v.available for v in variants)), product


async def categories(uow: UnitOfWork, *, locale: str) -> list[CategoryNode]:
    return (await _categories(uow, locale=locale))[1][0]


async def categories_json(uow: UnitOfWork, *, locale: str) -> Tagged:
    key, (_, body) = await _categories(uow, locale=locale)
    return Tagged(etag("categories", *key), body)


async def _categories(uow: UnitOfWork, *, locale: str) -> tuple[tuple[Any, ...], tuple[list[CategoryNode], bytes]]:
    async with uow:
        revision = await shop_revision(uow)
        key = (uow.db.url, uow.tenant_id, revision, locale)
        found = _trees.get(key, revision)
        if found is None:
            tree = await category_tree(uow, locale=locale)
            found = (tree, _CATEGORY_TREE.dump_json(tree))
            _trees.put(key, revision, found)
    return key, found
