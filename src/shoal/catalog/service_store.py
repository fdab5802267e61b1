"""Storefront reads of the catalog: active products only, localised, priced for the shopper's channel.

Each read runs a fixed number of Core selects whatever the page or variant count (the storefront statement
tests hold us to it), straight into the response models: no ORM objects are built on this hot path.
Anonymous shoppers may read these, so they check no permission; the tenant scope and the ``active`` filter
are what keep drafts and other shops out. The storefront's caches and ETags are keyed by the shop revision
(``core.shop_revision``), which database triggers change on every catalog write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import JSON, String, and_, bindparam, literal, null, select, union_all

from shoal.catalog import building, queries, rules
from shoal.catalog.errors import ProductNotFound
from shoal.catalog.models import (
    ChannelPrice,
    Product,
    ProductCategory,
    ProductImage,
    ProductOption,
    Variant,
)
from shoal.catalog.schemas_store import StoreCard, StoreDetail, StoreImage, StoreOption, StoreVariant
from shoal.catalog.service_variants import first_image_urls
from shoal.core.pagination import Page
from shoal.core.uow import UnitOfWork

_CARD_COLUMNS = (Product.id, Product.handle, Product.name, Product.translations, Product.price_min, Product.created_at)


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
        paged = queries.paged(query, sort=sort, cursor=cursor, limit=limit).with_only_columns(*_CARD_COLUMNS)
        rows = list((await uow.s.execute(paged)).all())
        page = rows[:limit]
        product_ids = [p.id for p in page]
        of_page = {"tenant_id": uow.tenant_id, "product_ids": product_ids}
        variants = await _priced_variants(uow, _VARIANTS_OF_PRODUCTS, of_page, channel, customer_group)
        images = await first_image_urls(uow, product_ids)
    cheapest: dict[str, tuple[int, int | None]] = {}
    for v in variants:
        if v["product_id"] not in cheapest or v["price"] < cheapest[v["product_id"]][0]:
            cheapest[v["product_id"]] = (v["price"], v["compare_at_price"])
    items = []
    for product in page:
        price, compare_at = cheapest.get(product.id, (product.price_min, None))
        name = rules.localised(product.name, "", product.translations, locale)[0]
        items.append(
            StoreCard.model_construct(
                id=product.id,
                handle=product.handle,
                name=name,
                price=price,
                compare_at_price=compare_at,
                currency=facts.currency,
                image=images.get(product.id),
            )
        )
    return Page[StoreCard].model_construct(items=items, next_cursor=queries.next_cursor(rows, sort=sort, limit=limit))


async def get_store_product(
    uow: UnitOfWork, *, product_id: str, locale: str, channel: str = "online", customer_group: str | None = None
) -> StoreDetail:
    """One active product with its variants; a draft, archived or other shop's product is not found."""
    async with uow:
        facts = await building.shop_facts(uow)
        mine = {"tenant_id": uow.tenant_id, "product_id": product_id}
        product = (await uow.run(_ACTIVE_PRODUCT, mine)).one_or_none()
        if product is None:
            raise ProductNotFound()
        variants = await _priced_variants(uow, _VARIANTS_OF_PRODUCT, mine, channel, customer_group)
        options, images, category_ids = await _product_parts(uow, mine)
    return _detail(product, variants, options, images, category_ids, currency=facts.currency, locale=locale)


def _detail(
    product: Any,
    variants: list[dict[str, Any]],
    options: Sequence[Any],
    images: Sequence[Any],
    category_ids: list[str],
    *,
    currency: str,
    locale: str,
) -> StoreDetail:
    name, description = rules.localised(product.name, product.description, product.translations, locale)
    image_urls = {image.id: image.url for image in images}
    localised_options = _localised_options(options, locale)
    translate = _option_translator(options, localised_options)
    shown = [
        StoreVariant.model_construct(
            id=v["id"],
            sku=v["sku"],
            title=rules.variant_title(translate(v["options"])),
            price=v["price"],
            compare_at_price=v["compare_at_price"],
            options=translate(v["options"]),
            image=image_urls.get(v["image_id"] or ""),
        )
        for v in variants
    ]
    cheapest = min(shown, key=lambda v: v.price, default=None)
    return StoreDetail.model_construct(
        id=product.id,
        handle=product.handle,
        name=name,
        description=description,
        currency=currency,
        price=cheapest.price if cheapest else product.price_min,
        compare_at_price=cheapest.compare_at_price if cheapest else None,
        image=images[0].url if images else None,
        images=[StoreImage.model_construct(id=i.id, url=i.url, alt=i.alt) for i in images],
        options=[StoreOption.model_construct(name=n, values=vals) for n, vals in localised_options],
        variants=shown,
        category_ids=category_ids,
        tags=list(product.tags),
    )


class _Option(NamedTuple):
    name: str
    values: list[str]
    translations: dict[str, Any]


class _Image(NamedTuple):
    id: str
    url: str
    alt: str


def _parts_statement() -> Any:
    """A product's options, images and category links: three selects under UNION ALL, told apart by their
    first column."""
    text, document = String(), JSON()
    tenant, product = bindparam("tenant_id"), bindparam("product_id")
    return union_all(
        select(literal("option"), ProductOption.id, ProductOption.name, null().cast(text), ProductOption.values)
        .add_columns(ProductOption.translations, ProductOption.position)
        .where(ProductOption.tenant_id == tenant, ProductOption.product_id == product),
        select(literal("image"), ProductImage.id, ProductImage.url, ProductImage.alt, null().cast(document))
        .add_columns(null().cast(document), ProductImage.position)
        .where(ProductImage.tenant_id == tenant, ProductImage.product_id == product),
        select(literal("category"), ProductCategory.category_id, null().cast(text), null().cast(text))
        .add_columns(null().cast(document), null().cast(document), literal(0))
        .where(ProductCategory.tenant_id == tenant, ProductCategory.product_id == product),
    )


def _variants_statement(which: Any) -> Any:
    """The variants ``which`` selects, in position order, with the channel's price entries joined in (a
    variant has a handful at most)."""
    return (
        select(Variant.id, Variant.product_id, Variant.sku, Variant.options, Variant.price)
        .add_columns(Variant.compare_at_price, Variant.image_id, ChannelPrice.customer_group)
        .add_columns(ChannelPrice.price.label("channel_price"))
        .outerjoin(
            ChannelPrice,
            and_(
                ChannelPrice.tenant_id == Variant.tenant_id,
                ChannelPrice.variant_id == Variant.id,
                ChannelPrice.channel == bindparam("channel"),
            ),
        )
        .where(Variant.tenant_id == bindparam("tenant_id"), which)
        .order_by(Variant.product_id, Variant.position, Variant.id)
    )


# The storefront's reads, built once (``UnitOfWork.run``): every read only binds its values.
_ACTIVE_PRODUCT = (
    select(Product.id, Product.handle, Product.name, Product.description, Product.translations)
    .add_columns(Product.price_min, Product.tags)
    .where(Product.tenant_id == bindparam("tenant_id"), Product.id == bindparam("product_id"))
    .where(Product.status == "active")
)
_PARTS = _parts_statement()
_VARIANTS_OF_PRODUCT = _variants_statement(Variant.product_id == bindparam("product_id"))
_VARIANTS_OF_PRODUCTS = _variants_statement(Variant.product_id.in_(bindparam("product_ids", expanding=True)))


async def _product_parts(uow: UnitOfWork, mine: dict[str, Any]) -> tuple[list[_Option], list[_Image], list[str]]:
    """A product's options and images (each in position order) and category ids, in one statement."""
    ordered = sorted(await uow.run(_PARTS, mine), key=lambda row: (row[6], row[1]))
    options = [_Option(name, values, translations) for kind, _, name, _, values, translations, _ in ordered
               if kind == "option"]  # fmt: skip
    images = [_Image(image_id, url, alt) for kind, image_id, url, alt, *_ in ordered if kind == "image"]
    return options, images, [row[1] for row in ordered if row[0] == "category"]


async def _priced_variants(
    uow: UnitOfWork, statement: Any, params: dict[str, Any], channel: str, customer_group: str | None
) -> list[dict[str, Any]]:
    """The variants ``statement`` selects, each priced for ``channel`` (and group): one statement."""
    rows = await uow.run(statement, {**params, "channel": channel})
    found: dict[str, dict[str, Any]] = {}
    entries: dict[str, list[rules.PriceEntry]] = defaultdict(list)
    for row in rows:
        found.setdefault(row.id, dict(row._mapping))
        if row.channel_price is not None:
            entries[row.id].append(rules.PriceEntry(channel, row.customer_group or None, row.channel_price))
    for variant_id, v in found.items():
        v["price"] = rules.resolve_price(v["price"], entries[variant_id], channel, customer_group)
    return list(found.values())


def _localised_options(options: Sequence[Any], locale: str) -> list[tuple[str, list[str]]]:
    localised = []
    for option in options:
        entry = option.translations.get(locale) or {}
        values = entry.get("values") or option.values
        localised.append((entry.get("name") or option.name, list(values)))
    return localised


def _option_translator(options: Sequence[Any], localised: list[tuple[str, list[str]]]):  # type: ignore[no-untyped-def]
    """Map a variant's stored option values to the reader's locale, value by value."""
    tables: dict[int, dict[str, str]] = {
        position: dict(zip(option.values, values, strict=False))
        for position, (option, (_, values)) in enumerate(zip(options, localised, strict=True))
    }

    def translate(stored: list[str]) -> list[str]:
        return [tables.get(i, {}).get(value, value) for i, value in enumerate(stored)]

    return translate
