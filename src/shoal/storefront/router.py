"""Anonymous storefront reads (``/api/v1/store``); the tenant comes from the ``X-Shoal-Tenant`` header.

Every read carries a weak ``ETag`` made from the tenant's shop revision (and, for a product, the units
available), see ``storefront.service``; a matching ``If-None-Match`` answers 304 with no body, so a phone on
a slow network re-downloads nothing that has not changed, and the server rebuilds nothing either.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from shoal.catalog.schemas_store import StoreCard
from shoal.catalog.schemas_taxonomy import CategoryNode
from shoal.catalog.search import QUERY_HELP
from shoal.core.context import RequestContext
from shoal.core.http import CursorQuery, LimitQuery, storefront_context
from shoal.core.pagination import Page
from shoal.storefront import service
from shoal.storefront.schemas import ShopperProduct

router = APIRouter(prefix="/api/v1/store", tags=["storefront"])
Shop = Annotated[RequestContext, Depends(storefront_context)]
ChannelQuery = Annotated[
    str, Query(max_length=80, pattern=r"^[a-z_]+(:[\w\-]+)?$", description="online, store:<location_id>, ...")
]
Sort = Literal["created_at", "-created_at", "name", "-name", "price", "-price"]


def etag_response(request: Request, read: service.Tagged) -> Response:
    headers = {"ETag": read.tag, "Vary": "Accept-Language, X-Shoal-Tenant", "Cache-Control": "no-cache"}
    if _matches(request.headers.get("if-none-match"), read.tag):
        return Response(status_code=304, headers=headers)
    return Response(read.body, media_type="application/json", headers=headers)


def _matches(if_none_match: str | None, tag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): ``W/`` prefixes are ignored; ``*`` matches any."""
    if not if_none_match:
        return False
    wanted = tag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == wanted for t in if_none_match.split(","))


@router.get("/products", response_model=Page[StoreCard], summary="Active products, priced for a channel")
async def list_products(
    request: Request,
    ctx: Shop,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    q: Annotated[str | None, Query(max_length=100, description=QUERY_HELP)] = None,
    category_id: Annotated[str | None, Query(max_length=36)] = None,
    channel: ChannelQuery = "online",
    sort: Sort = "-created_at",
) -> Response:
    read = await service.product_page_json(
        ctx.uow(),
        locale=ctx.locale,
        limit=limit,
        cursor=cursor,
        q=q,
        category_id=category_id,
        channel=channel,
        sort=sort,
    )
    return etag_response(request, read)


@router.get("/products/{product_id}", response_model=ShopperProduct, summary="One product with its variants")
async def get_product(request: Request, ctx: Shop, product_id: str, channel: ChannelQuery = "online") -> Response:
    read = await service.product_detail_json(ctx.uow(), product_id=product_id, locale=ctx.locale, channel=channel)
    return etag_response(request, read)


@router.get("/categories", response_model=list[CategoryNode], summary="The category tree")
async def categories(request: Request, ctx: Shop) -> Response:
    return etag_response(request, await service.categories_json(ctx.uow(), locale=ctx.locale))
