"""Admin routes of the catalog (``/api/v1/admin``): thin — parse, call one service function.

The services check ``catalog.read`` / ``catalog.write``; another shop's ids answer 404.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from shoal.catalog import service, service_taxonomy, service_variants
from shoal.catalog.schemas import (
    ChannelPricesIn,
    ProductCreate,
    ProductRead,
    ProductSummary,
    ProductUpdate,
    VariantIn,
    VariantRead,
    VariantUpdate,
)
from shoal.catalog.schemas_taxonomy import (
    BrandCreate,
    BrandRead,
    BrandUpdate,
    CategoryCreate,
    CategoryNode,
    CategoryRead,
    CategoryUpdate,
)
from shoal.catalog.search import QUERY_HELP
from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.pagination import Page
from shoal.identity.deps import StaffContext

router = APIRouter(prefix="/api/v1/admin", tags=["catalog"])
Sort = Literal["created_at", "-created_at", "name", "-name", "price", "-price"]


@router.post("/products", response_model=ProductRead, status_code=201, summary="Create a product and its variants")
async def create_product(body: ProductCreate, ctx: StaffContext) -> ProductRead:
    return await service.create_product(ctx.uow(), data=body)


@router.get("/products", response_model=Page[ProductSummary], summary="Products, filtered and sorted")
async def list_products(
    ctx: StaffContext,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    status_: Annotated[Literal["draft", "active", "archived"] | None, Query(alias="status")] = None,
    category_id: Annotated[str | None, Query(max_length=36)] = None,
    q: Annotated[str | None, Query(max_length=100, description=QUERY_HELP)] = None,
    sort: Sort = "-created_at",
) -> Page[ProductSummary]:
    return await service.list_products(
        ctx.uow(), limit=limit, cursor=cursor, status=status_, category_id=category_id, q=q, sort=sort
    )


@router.get("/products/{product_id}", response_model=ProductRead, summary="One product with everything")
async def get_product(product_id: str, ctx: StaffContext) -> ProductRead:
    return await service.get_product(ctx.uow(), product_id=product_id)


@router.patch("/products/{product_id}", response_model=ProductRead, summary="Change some fields of a product")
async def update_product(product_id: str, body: ProductUpdate, ctx: StaffContext) -> ProductRead:
    return await service.update_product(ctx.uow(), product_id=product_id, data=body)


@router.post("/products/{product_id}/archive", response_model=ProductRead, summary="Hide a product everywhere")
async def archive_product(product_id: str, ctx: StaffContext) -> ProductRead:
    return await service.archive_product(ctx.uow(), product_id=product_id)


@router.post("/products/{product_id}/variants", response_model=VariantRead, status_code=201, summary="Add a variant")
async def add_variant(product_id: str, body: VariantIn, ctx: StaffContext) -> VariantRead:
    return await service_variants.add_variant(ctx.uow(), product_id=product_id, data=body)


@router.patch("/variants/{variant_id}", response_model=VariantRead, summary="Change a variant")
async def update_variant(variant_id: str, body: VariantUpdate, ctx: StaffContext) -> VariantRead:
    return await service_variants.update_variant(ctx.uow(), variant_id=variant_id, data=body)


@router.put("/variants/{variant_id}/prices", response_model=VariantRead, summary="Replace a variant's channel prices")
async def set_prices(variant_id: str, body: ChannelPricesIn, ctx: StaffContext) -> VariantRead:
    return await service_variants.set_channel_prices(ctx.uow(), variant_id=variant_id, data=body)


@router.post("/categories", response_model=CategoryRead, status_code=201, summary="Create a category")
async def create_category(body: CategoryCreate, ctx: StaffContext) -> CategoryRead:
    return await service_taxonomy.create_category(ctx.uow(), data=body)


@router.get(
    "/categories",
    response_model=list[CategoryRead] | list[CategoryNode],
    summary="Categories: a flat list, or the tree with ?shape=tree",
)
async def list_categories(
    ctx: StaffContext, shape: Literal["flat", "tree"] = "flat"
) -> list[CategoryRead] | list[CategoryNode]:
    if shape == "tree":
        return await service_taxonomy.category_tree(ctx.uow(), locale=ctx.locale)
    return await service_taxonomy.list_categories(ctx.uow())


@router.patch("/categories/{category_id}", response_model=CategoryRead, summary="Rename or move a category")
async def update_category(category_id: str, body: CategoryUpdate, ctx: StaffContext) -> CategoryRead:
    return await service_taxonomy.update_category(ctx.uow(), category_id=category_id, data=body)


@router.delete("/categories/{category_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an empty category")
async def delete_category(category_id: str, ctx: StaffContext) -> None:
    await service_taxonomy.delete_category(ctx.uow(), category_id=category_id)


@router.post("/brands", response_model=BrandRead, status_code=201, summary="Create a brand")
async def create_brand(body: BrandCreate, ctx: StaffContext) -> BrandRead:
    return await service_taxonomy.create_brand(ctx.uow(), data=body)


@router.get("/brands", response_model=list[BrandRead], summary="Brands by name")
async def list_brands(ctx: StaffContext) -> list[BrandRead]:
    return await service_taxonomy.list_brands(ctx.uow())


@router.patch("/brands/{brand_id}", response_model=BrandRead, summary="Change a brand")
async def update_brand(brand_id: str, body: BrandUpdate, ctx: StaffContext) -> BrandRead:
    return await service_taxonomy.update_brand(ctx.uow(), brand_id=brand_id, data=body)


@router.delete("/brands/{brand_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an unused brand")
async def delete_brand(brand_id: str, ctx: StaffContext) -> None:
    await service_taxonomy.delete_brand(ctx.uow(), brand_id=brand_id)
