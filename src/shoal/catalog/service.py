"""Products: create (with generated or explicit variants), upsert by handle (imports), read, list, update,
archive. Variants, prices and the pricing snapshot are in ``service_variants``; categories and brands in
``service_taxonomy``; what shoppers see in ``service_store``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from sqlalchemy import select

from shoal.catalog import building, queries, rules
from shoal.catalog.errors import ProductNotFound, VariantCombinationTaken
from shoal.catalog.events import ProductArchived, ProductCreated, ProductUpdated, VariantCreated
from shoal.catalog.models import Product, Variant
from shoal.catalog.schemas import ProductCreate, ProductRead, ProductSummary, ProductUpdate
from shoal.core.pagination import Page
from shoal.core.uow import UnitOfWork

VariantKey = Literal["sku", "options"]


async def create_product(uow: UnitOfWork, *, data: ProductCreate) -> ProductRead:
    async with uow:
        uow.actor.require("catalog.write")
        facts = await building.shop_facts(uow)
        product = await _insert(uow, data)
        uow.audit("product.create", "product", product.id, {"handle": product.handle, "name": product.name})
        await uow.commit()
        return building.to_read(product, facts.currency)


async def upsert_product(
    uow: UnitOfWork, *, data: ProductCreate, match_variants_by: VariantKey = "sku"
) -> tuple[ProductRead, bool]:
    """Create the product with this handle, or bring the existing one in line with ``data``.

    Options are matched by name, images by URL and variants by SKU, or by their option values when the
    SKU is not the source's identity of a variant (other shops' files, whose SKUs may repeat and which
    Shoal may have to store changed). So running the same import twice changes nothing the second time.
    Variants missing from ``data`` are kept (orders may name them). Returns the product and whether it
    was created.
    """
    handle = building.handle_for(data.handle, data.name)
    async with uow:
        uow.actor.require("catalog.write")
        facts = await building.shop_facts(uow)
        existing = (
            await uow.s.execute(
                select(Product)
                .where(Product.tenant_id == uow.tenant_id, Product.handle == handle)
                .options(*queries.full_product_loads())
            )
        ).scalar_one_or_none()
        if existing is None:
            product = await _insert(uow, data)
            uow.audit("product.create", "product", product.id, {"handle": handle, "source": "upsert"})
            await uow.commit()
            return building.to_read(product, facts.currency), True
        await _overwrite(uow, existing, data, handle, match_variants_by)
        uow.audit("product.update", "product", existing.id, {"handle": handle, "source": "upsert"})
        uow.emit(ProductUpdated(product_id=existing.id, fields=["*"]))
        await uow.commit()
        return building.to_read(existing, facts.currency), False


async def sku_holders(uow: UnitOfWork, *, skus: Collection[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The variant holding each of ``skus``, as (product handle, option values); free SKUs are absent.

    An import asks before it upserts a product, in the same transaction, to tell the SKU its own variant
    holds from one another product took (the unique key still guards a concurrent import).
    """
    if not skus:
        return {}
    async with uow:
        uow.actor.require("catalog.read")
        rows = await uow.s.execute(
            select(Variant.sku, Product.handle, Variant.options)
            .join(Product, Product.id == Variant.product_id)
            .where(Variant.tenant_id == uow.tenant_id, Variant.sku.in_(set(skus)))
        )
        return {sku: (handle, tuple(options)) for sku, handle, options in rows}


async def get_product(uow: UnitOfWork, *, product_id: str) -> ProductRead:
    async with uow:
        uow.actor.require("catalog.read")
        facts = await building.shop_facts(uow)
        product = await load_product(uow, product_id)
        return building.to_read(product, facts.currency)


async def list_products(
    uow: UnitOfWork,
    *,
    limit: int,
    cursor: str | None = None,
    status: str | None = None,
    category_id: str | None = None,
    q: str | None = None,
    sort: str = "-created_at",
) -> Page[ProductSummary]:
    async with uow:
        uow.actor.require("catalog.read")
        facts = await building.shop_facts(uow)
        query = queries.filtered(uow.tenant_id or "", status=status, category_id=category_id, q=q)
        rows = list((await uow.s.execute(queries.paged(query, sort=sort, cursor=cursor, limit=limit))).scalars())
    items = [
        ProductSummary(
            id=p.id,
            handle=p.handle,
            name=p.name,
            translations=p.translations,
            status=p.status,
            price_min=p.price_min,
            currency=facts.currency,
            tags=list(p.tags),
            created_at=p.created_at,
        )
        for p in rows[:limit]
    ]
    return Page(items=items, next_cursor=queries.next_cursor(rows, sort=sort, limit=limit))


async def update_product(uow: UnitOfWork, *, product_id: str, data: ProductUpdate) -> ProductRead:
    async with uow:
        uow.actor.require("catalog.write")
        facts = await building.shop_facts(uow)
        product = await load_product(uow, product_id)
        changes = building.audit_fields(data)
        fields = data.model_fields_set
        if "brand_id" in fields or "category_ids" in fields:
            await building.check_references(uow, brand_id=data.brand_id, category_ids=data.category_ids)
        for name in ("handle", "name", "description", "status", "brand_id", "tags", "attributes"):
            if name in fields:
                setattr(product, name, getattr(data, name))
        if data.translations is not None:
            product.translations = building.translations_json(data.translations)
        if data.category_ids is not None:
            building.set_categories(product, data.category_ids)
        if data.images is not None:
            building.merge_images(product, data.images)
        product.updated_at = uow.clock.now()
        await building.refresh_derived(uow, product)
        await building.flush_guarded(uow, handle=product.handle, skus=[])
        uow.audit("product.update", "product", product.id, changes)
        uow.emit(ProductUpdated(product_id=product.id, fields=sorted(fields)))
        if data.status == "archived":
            uow.emit(ProductArchived(product_id=product.id))
        await uow.commit()
        return building.to_read(product, facts.currency)


async def archive_product(uow: UnitOfWork, *, product_id: str) -> ProductRead:
    """Hide a product from every channel; orders keep naming its variants. Archiving twice is harmless."""
    return await update_product(uow, product_id=product_id, data=ProductUpdate(status="archived"))


async def load_product(uow: UnitOfWork, product_id: str) -> Product:
    """The tenant's product with everything a detail shows; another tenant's is not found."""
    product = (
        await uow.s.execute(
            select(Product)
            .where(Product.tenant_id == uow.tenant_id, Product.id == product_id)
            .options(*queries.full_product_loads())
        )
    ).scalar_one_or_none()
    if product is None:
        raise ProductNotFound()
    return product


async def _insert(uow: UnitOfWork, data: ProductCreate) -> Product:
    tenant_id = uow.tenant_id or ""
    handle = building.handle_for(data.handle, data.name)
    specs = building.variant_specs(data, handle)
    building.check_unique_skus(specs)
    await building.check_skus_free(uow, [s.sku for s in specs], None)
    await building.check_references(uow, brand_id=data.brand_id, category_ids=data.category_ids)
    now = uow.clock.now()
    product = Product(
        tenant_id=tenant_id,
        handle=handle,
        name=data.name,
        description=data.description,
        translations=building.translations_json(data.translations),
        status=data.status,
        brand_id=data.brand_id,
        tags=list(dict.fromkeys(data.tags)),
        attributes=data.attributes,
        created_at=now,
        updated_at=now,
        options=building.new_options(tenant_id, data.options),
        images=[],
        variants=[],
        category_links=[],
    )
    building.merge_images(product, data.images)
    building.set_categories(product, data.category_ids)
    for position, spec in enumerate(specs):
        variant = Variant(tenant_id=tenant_id, created_at=now, channel_prices=[])
        building.apply_variant(product, variant, spec, position, f"variants.{position}.image_url")
        product.variants.append(variant)
    await building.refresh_derived(uow, product)
    uow.s.add(product)
    await building.flush_guarded(uow, handle=handle, skus=[s.sku for s in specs])
    uow.emit(ProductCreated(product_id=product.id, handle=handle, status=product.status))
    for variant in product.variants:
        uow.emit(VariantCreated(variant_id=variant.id, product_id=product.id, sku=variant.sku))
    return product


async def _overwrite(uow: UnitOfWork, product: Product, data: ProductCreate, handle: str, key: VariantKey) -> None:
    specs = building.variant_specs(data, handle)
    building.check_unique_skus(specs)
    await building.check_skus_free(uow, [s.sku for s in specs], product.id)
    await building.check_references(uow, brand_id=data.brand_id, category_ids=data.category_ids)
    now = uow.clock.now()
    product.name = data.name
    product.description = data.description
    product.translations = building.translations_json(data.translations)
    product.status = data.status
    product.brand_id = data.brand_id
    product.tags = list(dict.fromkeys(data.tags))
    product.attributes = data.attributes
    product.updated_at = now
    _merge_options(product, data)
    building.merge_images(product, data.images)
    building.set_categories(product, data.category_ids)
    identity = (lambda v: v.sku) if key == "sku" else (lambda v: tuple(v.options))
    existing = {identity(v): v for v in product.variants}
    for position, spec in enumerate(specs):
        variant = existing.get(identity(spec))
        if variant is None:
            variant = Variant(tenant_id=product.tenant_id, created_at=now, channel_prices=[])
            product.variants.append(variant)
        building.apply_variant(product, variant, spec, position, f"variants.{position}.image_url")
    repeated = rules.duplicates(tuple(v.options) for v in product.variants)
    if repeated:
        raise VariantCombinationTaken(title=rules.variant_title(repeated[0]))
    await building.refresh_derived(uow, product)
    await building.flush_guarded(uow, handle=handle, skus=[s.sku for s in specs])


def _merge_options(product: Product, data: ProductCreate) -> None:
    """Options matched by name keep their ids; the list becomes exactly ``data.options``."""
    by_name = {o.name: o for o in product.options}
    fresh = building.new_options(product.tenant_id, data.options)
    merged = []
    for option in fresh:
        kept = by_name.get(option.name)
        if kept is not None:
            kept.values, kept.translations, kept.position = option.values, option.translations, option.position
            option = kept
        merged.append(option)
    product.options = merged
