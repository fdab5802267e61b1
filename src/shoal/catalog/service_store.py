"""Storefront reads of the catalog: active products only, localised, priced for the shopper's channel.

Each read runs a fixed number of queries whatever the page or variant count (the storefront N+1 test
holds us to it). Anonymous shoppers may read these, so they check no permission; the tenant scope and
the ``active`` filter are what keep drafts and other shops out.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from shoal.catalog import building, queries, rules
from shoal.catalog.errors import ProductNotFound
from shoal.catalog.models import Product, ProductOption, Variant
from shoal.catalog.schemas_store import StoreCard, StoreDetail, StoreImage, StoreOption, StoreVariant
from shoal.catalog.service_variants import channel_price_entries, first_image_urls
from shoal.core.pagination import Page
from shoal.core.uow import UnitOfWork


async def list_store_products(
    uow: UnitOfWork,
    *,
    locale: str,
    limit: int,
    cursor: str | None = None,
    q: str | None = None,
    category_id: str | None = None,
    channel: str = "online",
    customer_group: str | None = None,
    sort: str = "-created_at",
) -> Page[StoreCard]:
    async with uow:
        facts = await building.shop_facts(uow)
        query = queries.filtered(uow.tenant_id or "", status="active", category_id=category_id, q=q)
        rows = list((await uow.s.execute(queries.paged(query, sort=sort, cursor=cursor, limit=limit))).scalars())
        page = rows[:limit]
        product_ids = [p.id for p in page]
        variants = (
            await uow.s.execute(
                select(Variant.id, Variant.product_id, Variant.price, Variant.compare_at_price).where(
                    Variant.tenant_id == uow.tenant_id, Variant.product_id.in_(product_ids)
                )
            )
        ).all()
        prices = await channel_price_entries(uow, [v.id for v in variants], channel)
        images = await first_image_urls(uow, product_ids)
    cheapest: dict[str, tuple[int, int | None]] = {}
    for v in variants:
        price = rules.resolve_price(v.price, prices[v.id], channel, customer_group)
        if v.product_id not in cheapest or price < cheapest[v.product_id][0]:
            cheapest[v.product_id] = (price, v.compare_at_price)
    items = []
    for product in page:
        price, compare_at = cheapest.get(product.id, (product.price_min, None))
        items.append(
            StoreCard(
                id=product.id,
                handle=product.handle,
                name=rules.localised(product.name, "", product.translations, locale)[0],
                price=price,
                compare_at_price=compare_at,
                currency=facts.currency,
                image=images.get(product.id),
            )
        )
    return Page(items=items, next_cursor=queries.next_cursor(rows, sort=sort, limit=limit))


async def get_store_product(
    uow: UnitOfWork, *, product_id: str, locale: str, channel: str = "online", customer_group: str | None = None
) -> StoreDetail:
    """One active product with its variants; a draft, archived or other shop's product is not found."""
    async with uow:
        facts = await building.shop_facts(uow)
        product = (
            await uow.s.execute(
                select(Product)
                .where(Product.tenant_id == uow.tenant_id, Product.id == product_id, Product.status == "active")
                .options(*queries.full_product_loads())
            )
        ).scalar_one_or_none()
        if product is None:
            raise ProductNotFound()
    name, description = rules.localised(product.name, product.description, product.translations, locale)
    image_urls = {image.id: image.url for image in product.images}
    translate = _option_translator(product.options, locale)
    variants = []
    for v in product.variants:
        entries = [rules.PriceEntry(p.channel, p.customer_group or None, p.price) for p in v.channel_prices]
        variants.append(
            StoreVariant(
                id=v.id,
                sku=v.sku,
                title=rules.variant_title(translate(v.options)),
                price=rules.resolve_price(v.price, entries, channel, customer_group),
                compare_at_price=v.compare_at_price,
                options=translate(v.options),
                image=image_urls.get(v.image_id or ""),
            )
        )
    cheapest = min(variants, key=lambda v: v.price, default=None)
    first_image = product.images[0].url if product.images else None
    return StoreDetail(
        id=product.id,
        handle=product.handle,
        name=name,
        description=description,
        currency=facts.currency,
        price=cheapest.price if cheapest else product.price_min,
        compare_at_price=cheapest.compare_at_price if cheapest else None,
        image=first_image,
        images=[StoreImage(id=i.id, url=i.url, alt=i.alt) for i in product.images],
        options=[StoreOption(name=n, values=vals) for n, vals in _localised_options(product.options, locale)],
        variants=variants,
        category_ids=[link.category_id for link in product.category_links],
        tags=list(product.tags),
    )


def _localised_options(options: list[ProductOption], locale: str) -> list[tuple[str, list[str]]]:
    localised = []
    for option in options:
        entry = option.translations.get(locale) or {}
        values = entry.get("values") or option.values
        localised.append((entry.get("name") or option.name, list(values)))
    return localised


def _option_translator(options: list[ProductOption], locale: str):  # type: ignore[no-untyped-def]
    """Map a variant's stored option values to the reader's locale, value by value."""
    tables: dict[int, dict[str, str]] = defaultdict(dict)
    for position, (option, (_, values)) in enumerate(zip(options, _localised_options(options, locale), strict=True)):
        tables[position] = dict(zip(option.values, values, strict=False))

    def translate(stored: list[str]) -> list[str]:
        return [tables[i].get(value, value) for i, value in enumerate(stored)]

    return translate
