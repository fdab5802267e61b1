"""Variants (SKU) after creation: add one, edit one, set its channel prices; and the pricing snapshot that
checkout and marketing read in one batch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import BigInteger, cast, literal, null, select, union_all

from shoal.catalog import building, rules
from shoal.catalog.errors import VariantCombinationTaken, VariantNotFound, invalid
from shoal.catalog.events import VariantCreated, VariantUpdated
from shoal.catalog.models import ChannelPrice, Product, ProductCategory, ProductImage, Variant
from shoal.catalog.schemas import ChannelPricesIn, VariantIn, VariantRead, VariantSnapshot, VariantUpdate
from shoal.catalog.service import load_product
from shoal.core.references import finds
from shoal.core.revision_cache import RevisionCache
from shoal.core.shop_revision import shop_revision
from shoal.core.uow import UnitOfWork


async def add_variant(uow: UnitOfWork, *, product_id: str, data: VariantIn) -> VariantRead:
    """Add a variant; an option value the product does not have yet is appended to that option."""
    async with uow:
        uow.actor.require("catalog.write")
        product = await load_product(uow, product_id)
        if len(data.options) != len(product.options):
            raise invalid("options", f"expected {len(product.options)} option values, got {len(data.options)}")
        if any(list(v.options) == list(data.options) for v in product.variants):
            raise VariantCombinationTaken(title=rules.variant_title(data.options))
        for option, value in zip(product.options, data.options, strict=True):
            if value not in option.values:
                option.values = [*option.values, value]
        await building.check_skus_free(uow, [data.sku], None)
        variant = Variant(tenant_id=product.tenant_id, created_at=uow.clock.now(), channel_prices=[])
        building.apply_variant(product, variant, data, len(product.variants), "image_url")
        product.variants.append(variant)
        await building.refresh_derived(uow, product)
        product.updated_at = uow.clock.now()
        await building.flush_guarded(uow, handle=product.handle, skus=[data.sku])
        uow.audit("variant.create", "variant", variant.id, building.audit_fields(data))
        uow.emit(VariantCreated(variant_id=variant.id, product_id=product.id, sku=variant.sku))
        await uow.commit()
        return building.variant_read(variant)


async def update_variant(uow: UnitOfWork, *, variant_id: str, data: VariantUpdate) -> VariantRead:
    async with uow:
        uow.actor.require("catalog.write")
        product, variant = await _product_and_variant(uow, variant_id)
        fields = data.model_fields_set
        if data.sku is not None and data.sku != variant.sku:
            await building.check_skus_free(uow, [data.sku], None)
        for name in ("sku", "price", "weight_grams"):
            if getattr(data, name) is not None:
                setattr(variant, name, getattr(data, name))
        for name in ("barcode", "compare_at_price"):
            if name in fields:
                setattr(variant, name, getattr(data, name))
        if "image_url" in fields:
            variant.image_id = building.image_id_for(product, data.image_url, "image_url")
        await building.refresh_derived(uow, product)
        product.updated_at = uow.clock.now()
        await building.flush_guarded(uow, handle=product.handle, skus=[variant.sku])
        uow.audit("variant.update", "variant", variant.id, building.audit_fields(data))
        uow.emit(VariantUpdated(variant_id=variant.id, product_id=product.id, fields=sorted(fields)))
        await uow.commit()
        return building.variant_read(variant)


async def set_channel_prices(uow: UnitOfWork, *, variant_id: str, data: ChannelPricesIn) -> VariantRead:
    """Replace the variant's channel prices with ``data.prices`` (rows matched by channel and group)."""
    async with uow:
        uow.actor.require("catalog.write")
        product, variant = await _product_and_variant(uow, variant_id)
        existing = {(p.channel, p.customer_group): p for p in variant.channel_prices}
        kept: list[ChannelPrice] = []
        for entry in data.prices:
            key = (entry.channel, building.group_key(entry.customer_group))
            row = existing.get(key) or ChannelPrice(
                tenant_id=variant.tenant_id, channel=entry.channel, customer_group=key[1]
            )
            row.price = entry.price
            kept.append(row)
        variant.channel_prices = kept
        await uow.s.flush()
        uow.audit("variant.prices", "variant", variant.id, data.model_dump(mode="json"))
        uow.emit(VariantUpdated(variant_id=variant.id, product_id=product.id, fields=["channel_prices"]))
        await uow.commit()
        return building.variant_read(variant)


# Pricing facts of variants, per process, keyed by (tenant, channel, locale, currency, variant) and valid while
# the tenant's shop revision is the one they were read at (``variants_for_pricing(cached=True)``).
_PRICING: RevisionCache[_PricingFacts] = RevisionCache(size=20_000, seconds=60)


@dataclass(frozen=True)
class _PricingFacts:
    """A variant's snapshot at its list price, with what it takes to price it for a customer group."""

    snapshot: VariantSnapshot
    list_price: int
    entries: tuple[rules.PriceEntry, ...]


async def variants_for_pricing(
    uow: UnitOfWork,
    *,
    variant_ids: list[str],
    channel: str = "online",
    customer_group: str | None = None,
    cached: bool = False,
) -> dict[str, VariantSnapshot]:
    """Snapshots of the tenant's variants among ``variant_ids`` (unknown ids are simply absent).

    Two queries whatever the count: variants with their products and images, then the channel prices,
    category links and first images of them all. Callers check ``product_status`` themselves (an order may
    still show an archived product; a new cart may not).

    With ``cached`` the tenant's shop revision is read first (one primary-key read, ``core.shop_revision``)
    and variants read at that revision in this process are not read again: a shopper adding a line or
    checking out reads the catalog with one statement, not two. Shopper paths ask for it, since they repeat;
    a caller that prices once would only add the revision read.
    """
    wanted = list(dict.fromkeys(variant_ids))
    if not wanted:
        return {}
    async with uow:
        facts = await building.shop_facts(uow)
        key = (uow.tenant_id, channel, facts.default_locale, facts.currency)
        revision = await shop_revision(uow) if cached else None
        found = {v: hit for v in wanted if revision is not None and (hit := _PRICING.get((*key, v), revision))}
        missing = [v for v in wanted if v not in found]
        if missing:
            read = await _read_pricing_facts(uow, missing, channel, facts)
            found.update(read)
            if revision is not None:
                for variant_id, variant_facts in read.items():
                    _PRICING.put((*key, variant_id), revision, variant_facts)
    return {
        variant_id: _priced(found[variant_id], channel, customer_group) for variant_id in wanted if variant_id in found
    }


def _priced(found: _PricingFacts, channel: str, customer_group: str | None) -> VariantSnapshot:
    price = rules.resolve_price(found.list_price, list(found.entries), channel, customer_group)
    return (
        found.snapshot
        if price == found.snapshot.unit_price
        else found.snapshot.model_copy(update={"unit_price": price})
    )


async def _read_pricing_facts(
    uow: UnitOfWork, variant_ids: list[str], channel: str, facts: building.ShopFacts
) -> dict[str, _PricingFacts]:
    rows = (
        await uow.s.execute(
            select(Variant, Product, ProductImage.url)
            .join(Product, Product.id == Variant.product_id)
            .outerjoin(ProductImage, ProductImage.id == Variant.image_id)
            .where(Variant.tenant_id == uow.tenant_id, Variant.id.in_(variant_ids))
        )
    ).all()
    products = list(dict.fromkeys(product.id for _, product, _ in rows))
    prices, categories, first_images = await _pricing_extras(uow, variant_ids, products, channel)
    read = {}
    for variant, product, image_url in rows:
        snapshot = VariantSnapshot(
            id=variant.id,
            product_id=product.id,
            sku=variant.sku,
            name=rules.names_by_locale(product.name, product.translations, facts.default_locale),
            title=variant.title,
            options=list(variant.options),
            image=image_url or first_images.get(product.id),
            weight_grams=variant.weight_grams,
            unit_price=rules.resolve_price(variant.price, prices[variant.id], channel, None),
            compare_at_price=variant.compare_at_price,
            currency=facts.currency,
            product_status=product.status,
            category_ids=categories[product.id],
            brand_id=product.brand_id,
            tags=list(product.tags),
        )
        read[variant.id] = _PricingFacts(snapshot, variant.price, tuple(prices[variant.id]))
    return read


@finds("variant")
async def existing_variant_ids(uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    """Which of ``ids`` name variants of this shop: other domains check the variant ids they store."""
    async with uow:
        rows = await uow.s.execute(select(Variant.id).where(Variant.tenant_id == uow.tenant_id, Variant.id.in_(ids)))
        return set(rows.scalars())


@finds("product")
async def existing_product_ids(uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    """Which of ``ids`` name products of this shop: other domains check the product ids they store."""
    async with uow:
        rows = await uow.s.execute(select(Product.id).where(Product.tenant_id == uow.tenant_id, Product.id.in_(ids)))
        return set(rows.scalars())


async def variant_ids_by_sku(uow: UnitOfWork, *, skus: list[str]) -> dict[str, str]:
    """SKU code -> variant id for the tenant's variants among ``skus`` (unknown codes are absent).

    Staff type SKU codes (transfers, stocktakes); the other domains keep variant ids.
    """
    wanted = list(dict.fromkeys(s for s in skus if s))
    if not wanted:
        return {}
    async with uow:
        uow.actor.require("catalog.read")
        rows = await uow.s.execute(
            select(Variant.sku, Variant.id).where(Variant.tenant_id == uow.tenant_id, Variant.sku.in_(wanted))
        )
        return {sku: variant_id for sku, variant_id in rows}


async def first_image_urls(uow: UnitOfWork, product_ids: list[str]) -> dict[str, str]:
    """Each product's first image (lowest position), in one query."""
    if not product_ids:
        return {}
    rows = await uow.s.execute(
        select(ProductImage.product_id, ProductImage.url)
        .where(ProductImage.tenant_id == uow.tenant_id, ProductImage.product_id.in_(product_ids))
        .order_by(ProductImage.product_id, ProductImage.position.desc())
    )
    # Highest position first, so the lowest one is written last and wins in the dict.
    return {product_id: url for product_id, url in rows}


async def channel_price_entries(
    uow: UnitOfWork, variant_ids: list[str], channel: str
) -> dict[str, list[rules.PriceEntry]]:
    """The price entries of one channel for these variants, in one query (every group's)."""
    found: dict[str, list[rules.PriceEntry]] = defaultdict(list)
    if not variant_ids:
        return found
    rows = await uow.s.execute(
        select(ChannelPrice).where(
            ChannelPrice.tenant_id == uow.tenant_id,
            ChannelPrice.variant_id.in_(variant_ids),
            ChannelPrice.channel == channel,
        )
    )
    for price in rows.scalars():
        found[price.variant_id].append(rules.PriceEntry(price.channel, price.customer_group or None, price.price))
    return found


async def _pricing_extras(
    uow: UnitOfWork, variant_ids: list[str], products: list[str], channel: str
) -> tuple[dict[str, list[rules.PriceEntry]], dict[str, list[str]], dict[str, str]]:
    """The variants' price entries of ``channel``, and their products' category ids and first images, in one
    statement (three selects under UNION ALL, told apart by their first column): pricing a cart reads the
    catalog twice, not four times.

    The product ids are passed, not selected from the variants in a subquery: with the subquery PostgreSQL
    could plan a nested loop over every image of the shop (45 ms per call at 500 products before ``ANALYZE``,
    118 ms under load); with the ids each part is a lookup on its ``(tenant_id, product_id)`` index."""
    number = BigInteger()
    rows = await uow.s.execute(
        union_all(
            select(literal("price"), ChannelPrice.variant_id, ChannelPrice.customer_group, ChannelPrice.price).where(
                ChannelPrice.tenant_id == uow.tenant_id,
                ChannelPrice.variant_id.in_(variant_ids),
                ChannelPrice.channel == channel,
            ),
            select(
                literal("category"), ProductCategory.product_id, ProductCategory.category_id, null().cast(number)
            ).where(ProductCategory.tenant_id == uow.tenant_id, ProductCategory.product_id.in_(products)),
            select(
                literal("image"), ProductImage.product_id, ProductImage.url, cast(ProductImage.position, number)
            ).where(ProductImage.tenant_id == uow.tenant_id, ProductImage.product_id.in_(products)),
        )
    )
    prices: dict[str, list[rules.PriceEntry]] = defaultdict(list)
    categories: dict[str, list[str]] = defaultdict(list)
    images: dict[str, tuple[int, str]] = {}
    for kind, key, value, figure in rows:
        if kind == "price":
            prices[key].append(rules.PriceEntry(channel, value or None, int(figure)))
        elif kind == "category":
            categories[key].append(value)
        elif key not in images or figure < images[key][0]:
            images[key] = (figure, value)
    return prices, categories, {product_id: url for product_id, (_, url) in images.items()}


async def _product_and_variant(uow: UnitOfWork, variant_id: str) -> tuple[Product, Variant]:
    product_id = await uow.s.scalar(
        select(Variant.product_id).where(Variant.tenant_id == uow.tenant_id, Variant.id == variant_id)
    )
    if product_id is None:
        raise VariantNotFound()
    product = await load_product(uow, product_id)
    return product, next(v for v in product.variants if v.id == variant_id)
