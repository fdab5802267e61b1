"""Categories (a tree; a product may sit in several) and brands."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from shoal.catalog import building, rules
from shoal.catalog.errors import BrandInUse, BrandNotFound, CategoryCycle, CategoryNotEmpty, CategoryNotFound, invalid
from shoal.catalog.models import Brand, Category, Product, ProductCategory
from shoal.catalog.schemas_taxonomy import (
    BrandCreate,
    BrandRead,
    BrandUpdate,
    CategoryCreate,
    CategoryNode,
    CategoryRead,
    CategoryUpdate,
)
from shoal.core.references import finds
from shoal.core.uow import UnitOfWork


async def create_category(uow: UnitOfWork, *, data: CategoryCreate) -> CategoryRead:
    async with uow:
        uow.actor.require("catalog.write")
        if data.parent_id:
            await _category(uow, data.parent_id, field="parent_id")
        category = Category(
            tenant_id=uow.tenant_id,
            parent_id=data.parent_id,
            handle=building.handle_for(data.handle, data.name),
            name=data.name,
            translations=building.translations_json(data.translations),
            position=data.position,
            created_at=uow.clock.now(),
        )
        uow.s.add(category)
        await building.flush_guarded(uow, handle=category.handle, skus=[])
        uow.audit("category.create", "category", category.id, building.audit_fields(data))
        await uow.commit()
        return CategoryRead.model_validate(category)


async def update_category(uow: UnitOfWork, *, category_id: str, data: CategoryUpdate) -> CategoryRead:
    async with uow:
        uow.actor.require("catalog.write")
        category = await _category(uow, category_id)
        if "parent_id" in data.model_fields_set:
            if data.parent_id:
                await _category(uow, data.parent_id, field="parent_id")
                rows = await uow.s.execute(
                    select(Category.id, Category.parent_id).where(Category.tenant_id == uow.tenant_id)
                )
                parents = {row.id: row.parent_id for row in rows}
                if rules.would_create_cycle(parents, category.id, data.parent_id):
                    raise CategoryCycle()
            category.parent_id = data.parent_id
        for name in ("handle", "name", "position"):
            if getattr(data, name) is not None:
                setattr(category, name, getattr(data, name))
        if data.translations is not None:
            category.translations = building.translations_json(data.translations)
        await building.flush_guarded(uow, handle=category.handle, skus=[])
        if data.model_fields_set & {"name", "translations", "parent_id"}:
            await building.refresh_search_under(uow, category.id)
        uow.audit("category.update", "category", category.id, building.audit_fields(data))
        await uow.commit()
        return CategoryRead.model_validate(category)


async def delete_category(uow: UnitOfWork, *, category_id: str) -> None:
    """Only an empty category goes: no subcategories, no products (the foreign keys guard the race)."""
    async with uow:
        uow.actor.require("catalog.write")
        category = await _category(uow, category_id)
        children = await uow.s.scalar(
            select(func.count()).where(Category.tenant_id == uow.tenant_id, Category.parent_id == category.id)
        )
        products = await uow.s.scalar(
            select(func.count()).where(
                ProductCategory.tenant_id == uow.tenant_id, ProductCategory.category_id == category.id
            )
        )
        if children or products:
            raise CategoryNotEmpty()
        try:
            await uow.s.execute(delete(Category).where(Category.tenant_id == uow.tenant_id, Category.id == category.id))
        except IntegrityError as exc:
            raise CategoryNotEmpty() from exc
        uow.audit("category.delete", "category", category.id, {"handle": category.handle})
        await uow.commit()


async def list_categories(uow: UnitOfWork) -> list[CategoryRead]:
    async with uow:
        uow.actor.require("catalog.read")
        return [CategoryRead.model_validate(c) for c in await _all_categories(uow)]


async def category_tree(uow: UnitOfWork, *, locale: str) -> list[CategoryNode]:
    """The tenant's categories as a tree, named in ``locale``; shoppers read it too (no permission)."""
    async with uow:
        rows = [
            {
                "id": c.id,
                "handle": c.handle,
                "name": rules.localised(c.name, "", c.translations, locale)[0],
                "parent_id": c.parent_id,
                "position": c.position,
            }
            for c in await _all_categories(uow)
        ]
    return [CategoryNode.model_validate(node) for node in rules.build_tree(rows)]


async def create_brand(uow: UnitOfWork, *, data: BrandCreate) -> BrandRead:
    async with uow:
        uow.actor.require("catalog.write")
        brand = Brand(
            tenant_id=uow.tenant_id,
            handle=building.handle_for(data.handle, data.name),
            name=data.name,
            translations=building.translations_json(data.translations),
            logo_url=data.logo_url,
            created_at=uow.clock.now(),
        )
        uow.s.add(brand)
        await building.flush_guarded(uow, handle=brand.handle, skus=[])
        uow.audit("brand.create", "brand", brand.id, building.audit_fields(data))
        await uow.commit()
        return BrandRead.model_validate(brand)


async def update_brand(uow: UnitOfWork, *, brand_id: str, data: BrandUpdate) -> BrandRead:
    async with uow:
        uow.actor.require("catalog.write")
        brand = await _brand(uow, brand_id)
        for name in ("handle", "name"):
            if getattr(data, name) is not None:
                setattr(brand, name, getattr(data, name))
        if "logo_url" in data.model_fields_set:
            brand.logo_url = data.logo_url
        if data.translations is not None:
            brand.translations = building.translations_json(data.translations)
        await building.flush_guarded(uow, handle=brand.handle, skus=[])
        uow.audit("brand.update", "brand", brand.id, building.audit_fields(data))
        await uow.commit()
        return BrandRead.model_validate(brand)


async def delete_brand(uow: UnitOfWork, *, brand_id: str) -> None:
    async with uow:
        uow.actor.require("catalog.write")
        brand = await _brand(uow, brand_id)
        used = await uow.s.scalar(
            select(func.count()).where(Product.tenant_id == uow.tenant_id, Product.brand_id == brand.id)
        )
        if used:
            raise BrandInUse()
        await uow.s.delete(brand)
        uow.audit("brand.delete", "brand", brand.id, {"handle": brand.handle})
        await uow.commit()


async def list_brands(uow: UnitOfWork) -> list[BrandRead]:
    async with uow:
        uow.actor.require("catalog.read")
        rows = await uow.s.execute(select(Brand).where(Brand.tenant_id == uow.tenant_id).order_by(Brand.name))
        return [BrandRead.model_validate(b) for b in rows.scalars()]


async def _all_categories(uow: UnitOfWork) -> list[Category]:
    rows = await uow.s.execute(
        select(Category).where(Category.tenant_id == uow.tenant_id).order_by(Category.position, Category.name)
    )
    return list(rows.scalars())


async def _category(uow: UnitOfWork, category_id: str, *, field: str | None = None) -> Category:
    category = (
        await uow.s.execute(select(Category).where(Category.tenant_id == uow.tenant_id, Category.id == category_id))
    ).scalar_one_or_none()
    if category is None:
        raise invalid(field, "no such category in this shop", "unknown") if field else CategoryNotFound()
    return category


async def _brand(uow: UnitOfWork, brand_id: str) -> Brand:
    brand = (
        await uow.s.execute(select(Brand).where(Brand.tenant_id == uow.tenant_id, Brand.id == brand_id))
    ).scalar_one_or_none()
    if brand is None:
        raise BrandNotFound()
    return brand


@finds("category")
async def existing_category_ids(uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    """Which of ``ids`` name categories of this shop: other domains check the category ids they store."""
    async with uow:
        rows = await uow.s.execute(select(Category.id).where(Category.tenant_id == uow.tenant_id, Category.id.in_(ids)))
        return set(rows.scalars())


@finds("brand")
async def existing_brand_ids(uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    """Which of ``ids`` name brands of this shop: other domains check the brand ids they store."""
    async with uow:
        rows = await uow.s.execute(select(Brand.id).where(Brand.tenant_id == uow.tenant_id, Brand.id.in_(ids)))
        return set(rows.scalars())
