"""Turning validated input into catalog rows, shared by create, upsert and update.

Checks that need the database (brand and categories of this tenant, SKUs free) live here too, so that
every write path applies the same ones. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from shoal.catalog import rules, search
from shoal.catalog.errors import HandleTaken, SkuTaken, invalid
from shoal.catalog.models import (
    ANY_GROUP,
    Brand,
    Category,
    Product,
    ProductCategory,
    ProductImage,
    ProductOption,
    Variant,
)
from shoal.catalog.schemas import (
    ChannelPriceRead,
    ImageIn,
    ImageRead,
    OptionIn,
    OptionRead,
    ProductCreate,
    ProductRead,
    TextTranslation,
    VariantIn,
    VariantRead,
)
from shoal.core import tenant_cache
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ShopFacts:
    """What the catalog needs to know about its tenant to price and name things."""

    currency: str
    default_locale: str


async def shop_facts(uow: UnitOfWork) -> ShopFacts:
    """From the tenant kept in memory (``core.tenant_cache``): every catalog read needs them."""
    tenant = await tenant_cache.tenant_of(uow)
    return ShopFacts(currency=tenant.currency, default_locale=tenant.default_locale)


def handle_for(handle: str | None, name: str) -> str:
    """The handle sent, or one made from the name. A name with no letter or digit (``!!!``, ``★``) makes
    an empty handle, which reached the database (and an empty SKU, a 500): then the handle must be sent."""
    made = handle or rules.slugify(name)
    if not made:
        raise invalid(
            "handle", "The name has no letter or digit to make a handle from: send a handle.", "handle_required"
        )
    return made


def variant_specs(data: ProductCreate, handle: str) -> list[VariantIn]:
    """The variants a product should have: the explicit ones (checked against the options), or one per
    combination of option values, all at ``data.price``, with SKUs made from the base and value positions."""
    option_values = [o.values for o in data.options]
    if not data.variants:
        base = data.sku or rules.sku_base(handle)
        return [
            VariantIn(
                sku=rules.generated_sku(base, rules.option_value_indices(option_values, combo)),
                options=combo,
                price=data.price or 0,
                compare_at_price=data.compare_at_price,
                weight_grams=data.weight_grams,
            )
            for combo in rules.generate_option_combinations(option_values)
        ]
    for index, variant in enumerate(data.variants):
        problem = rules.combination_problem(option_values, variant.options)
        if problem:
            raise invalid(f"variants.{index}.options", problem)
    repeated = rules.duplicates(tuple(v.options) for v in data.variants)
    if repeated:
        raise invalid("variants", f"two variants have the options {list(repeated[0])}", "duplicate")
    return list(data.variants)


def check_unique_skus(specs: list[VariantIn]) -> None:
    repeated = rules.duplicates(v.sku for v in specs)
    if repeated:
        raise SkuTaken(sku=repeated[0])


async def check_skus_free(uow: UnitOfWork, skus: list[str], product_id: str | None) -> None:
    """Name the first SKU another product holds (the unique key still guards the race)."""
    if not skus:
        return
    query = select(Variant.sku).where(Variant.tenant_id == uow.tenant_id, Variant.sku.in_(skus))
    if product_id:
        query = query.where(Variant.product_id != product_id)
    taken = (await uow.s.execute(query.limit(1))).scalar_one_or_none()
    if taken:
        raise SkuTaken(sku=taken)


async def check_references(uow: UnitOfWork, *, brand_id: str | None, category_ids: list[str] | None) -> None:
    """A brand or category of another tenant is as unknown as one that does not exist."""
    if brand_id:
        found = await uow.s.scalar(select(Brand.id).where(Brand.tenant_id == uow.tenant_id, Brand.id == brand_id))
        if not found:
            raise invalid("brand_id", "no such brand in this shop", "unknown")
    if category_ids:
        wanted = set(category_ids)
        count = await uow.s.scalar(
            select(func.count()).where(Category.tenant_id == uow.tenant_id, Category.id.in_(wanted))
        )
        if count != len(wanted):
            raise invalid("category_ids", "some categories do not exist in this shop", "unknown")


async def flush_guarded(uow: UnitOfWork, *, handle: str, skus: list[str]) -> None:
    """Flush, translating a lost race on a unique key into the domain's conflict."""
    try:
        await uow.s.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "sku" in text:
            raise SkuTaken(sku=skus[0] if len(skus) == 1 else ", ".join(skus)) from exc
        if "handle" in text:
            raise HandleTaken(handle=handle) from exc
        raise


def new_options(tenant_id: str, options: list[OptionIn]) -> list[ProductOption]:
    return [
        ProductOption(
            tenant_id=tenant_id,
            position=i,
            name=o.name,
            values=list(o.values),
            translations=o.model_dump(mode="json", exclude_none=True)["translations"],
        )
        for i, o in enumerate(options)
    ]


def merge_images(product: Product, images: list[ImageIn]) -> None:
    """Images matched by URL: known ones get the new alt text and position, new ones are added."""
    by_url = {image.url: image for image in product.images}
    for position, data in enumerate(images):
        image = by_url.get(data.url)
        if image is None:
            image = ProductImage(id=new_id(), tenant_id=product.tenant_id, url=data.url)
            product.images.append(image)
            by_url[data.url] = image
        image.alt = data.alt
        image.position = position


def set_categories(product: Product, category_ids: list[str]) -> None:
    wanted = list(dict.fromkeys(category_ids))
    keep = [link for link in product.category_links if link.category_id in wanted]
    have = {link.category_id for link in keep}
    product.category_links = keep + [
        ProductCategory(tenant_id=product.tenant_id, category_id=c) for c in wanted if c not in have
    ]


def image_id_for(product: Product, url: str | None, field: str) -> str | None:
    if url is None:
        return None
    for image in product.images:
        if image.url == url:
            return image.id
    raise invalid(field, "image_url must be the URL of one of the product's images", "unknown")


def apply_variant(product: Product, variant: Variant, spec: VariantIn, position: int, field: str) -> None:
    variant.sku = spec.sku
    variant.source_sku = spec.source_sku
    variant.barcode = spec.barcode
    variant.options = list(spec.options)
    variant.title = rules.variant_title(spec.options)
    variant.price = spec.price
    variant.compare_at_price = spec.compare_at_price
    variant.weight_grams = spec.weight_grams
    variant.image_id = image_id_for(product, spec.image_url, field)
    variant.position = position


async def refresh_derived(uow: UnitOfWork, product: Product) -> None:
    """Keep the columns the lists sort and search on in step with the product's variants, words and categories."""
    refresh_search(product, await category_words(uow))
    product.price_min = min((v.price for v in product.variants), default=0)


def refresh_search(product: Product, categories: Mapping[str, search.CategoryWords]) -> None:
    """``product.search_text`` from its words in every locale (its variants and category links loaded)."""
    linked = [link.category_id for link in product.category_links]
    source = search.product_source(
        name=product.name,
        description=product.description,
        translations=product.translations,
        tags=product.tags,
        category_names=search.category_names(categories, linked),
        codes=[(v.sku, v.barcode) for v in product.variants],
    )
    product.search_text = search.search_text(source)


async def category_words(uow: UnitOfWork) -> dict[str, search.CategoryWords]:
    """Every category of the shop with its parent and names: a product is found by its categories' names.

    Read without flushing, so that a product's pending changes still reach the database in
    ``flush_guarded``, which turns a lost race on a handle or SKU into its conflict.
    """
    with uow.s.no_autoflush:
        rows = await uow.s.execute(
            select(Category.id, Category.parent_id, Category.name, Category.translations).where(
                Category.tenant_id == uow.tenant_id
            )
        )
    return {
        row.id: search.CategoryWords(
            parent_id=row.parent_id,
            names=search.translated_names(row.name, row.translations),
        )
        for row in rows
    }


async def refresh_search_under(uow: UnitOfWork, category_id: str) -> None:
    """Index again the products in a category or below it, after it was renamed or moved."""
    categories = await category_words(uow)
    tree = search.subtree({key: words.parent_id for key, words in categories.items()}, category_id)
    linked = select(ProductCategory.product_id).where(
        ProductCategory.tenant_id == uow.tenant_id, ProductCategory.category_id.in_(tree)
    )
    products = await uow.s.execute(
        select(Product)
        .where(Product.tenant_id == uow.tenant_id, Product.id.in_(linked))
        .options(selectinload(Product.variants), selectinload(Product.category_links))
    )
    for product in products.scalars():
        refresh_search(product, categories)


def to_read(product: Product, currency: str) -> ProductRead:
    images = {image.id: image for image in product.images}
    return ProductRead(
        id=product.id,
        handle=product.handle,
        name=product.name,
        description=product.description,
        translations=product.translations,
        status=product.status,
        brand_id=product.brand_id,
        category_ids=[link.category_id for link in product.category_links],
        tags=list(product.tags),
        attributes=dict(product.attributes),
        options=[OptionRead.model_validate(o) for o in product.options],
        images=[ImageRead.model_validate(i) for i in sorted(images.values(), key=lambda i: i.position)],
        variants=[variant_read(v) for v in product.variants],
        price_min=product.price_min,
        currency=currency,
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


def variant_read(variant: Variant) -> VariantRead:
    return VariantRead(
        id=variant.id,
        product_id=variant.product_id,
        sku=variant.sku,
        source_sku=variant.source_sku,
        barcode=variant.barcode,
        title=variant.title,
        options=list(variant.options),
        price=variant.price,
        compare_at_price=variant.compare_at_price,
        weight_grams=variant.weight_grams,
        image_id=variant.image_id,
        position=variant.position,
        channel_prices=[
            ChannelPriceRead(channel=p.channel, customer_group=p.customer_group or None, price=p.price)
            for p in sorted(variant.channel_prices, key=lambda p: (p.channel, p.customer_group))
        ],
    )


def translations_json(translations: Mapping[str, TextTranslation]) -> dict[str, dict[str, str]]:
    """Translations as stored: only the locales and texts actually given."""
    dumped = {locale: entry.model_dump(exclude_none=True) for locale, entry in translations.items()}
    return {locale: entry for locale, entry in dumped.items() if entry}


def audit_fields(data: Any) -> dict[str, Any]:
    return data.model_dump(mode="json", exclude_unset=True)


def group_key(customer_group: str | None) -> str:
    return customer_group or ANY_GROUP
