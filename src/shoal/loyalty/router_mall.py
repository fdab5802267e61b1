"""Points mall routes: staff list, add, change and withdraw items (``/api/v1/admin/points-mall/items``);
shoppers see what is on offer and exchange points for it (``/api/v1/store/points-mall``, idempotent by
``Idempotency-Key``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from shoal.core.http import PROBLEM_JSON
from shoal.core.openapi import problem
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.loyalty import service_mall
from shoal.loyalty.schemas import MallExchangeIn, MallExchangeRead, MallItemCreate, MallItemRead, MallItemUpdate

router = APIRouter(tags=["loyalty"])
ITEMS = "/api/v1/admin/points-mall/items"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per attempt.")]


@router.get(ITEMS, response_model=list[MallItemRead], summary="Points mall items")
async def list_items(ctx: StaffContext) -> list[MallItemRead]:
    return await service_mall.list_items(ctx.uow())


@router.post(ITEMS, response_model=MallItemRead, status_code=201, summary="Offer a coupon or a SKU for points")
async def create_item(body: MallItemCreate, ctx: StaffContext) -> MallItemRead:
    return await service_mall.create_item(ctx.uow(), data=body)


@router.patch(ITEMS + "/{item_id}", response_model=MallItemRead, summary="Change or withdraw (下架) an item")
async def update_item(item_id: str, body: MallItemUpdate, ctx: StaffContext) -> MallItemRead:
    return await service_mall.update_item(ctx.uow(), item_id=item_id, data=body)


@router.get("/api/v1/store/points-mall", response_model=list[MallItemRead], summary="What points buy now")
async def on_offer(ctx: ShopperContext) -> list[MallItemRead]:
    return await service_mall.list_items(ctx.uow(), on_offer=True)


@router.post(
    "/api/v1/store/points-mall/{item_id}/exchange", response_model=MallExchangeRead, status_code=201,
    summary="Exchange points for an item (idempotent); a SKU comes as an order to pay its cash and shipping",
    responses={409: problem("mall_item_unavailable, limit_reached, insufficient_points, coupon_exhausted or "
                            "out_of_stock")},
)  # fmt: skip
async def exchange(
    item_id: str, ctx: ShopperContext, key: IdempotencyKey, body: MallExchangeIn | None = None
) -> JSONResponse:
    outcome = await service_mall.exchange(ctx.uow, item_id=item_id, key=key, locale=ctx.locale, data=body)
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)
