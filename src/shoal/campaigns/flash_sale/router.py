"""Flash sale routes: staff manage sessions (``/api/v1/admin/flash-sales``), shoppers see and buy them
(``/api/v1/store/flash-sales``). The order a buyer gets is paid with ``POST /api/v1/store/orders/{id}/payments``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from shoal.campaigns.flash_sale import service, service_buy, service_store
from shoal.campaigns.flash_sale.schemas import (
    FlashOrderIn,
    FlashSaleCreate,
    FlashSaleRead,
    FlashSaleStats,
    StoreFlashSales,
)
from shoal.core.http import PROBLEM_JSON
from shoal.core.openapi import problem
from shoal.customers.deps import OptionalShopperContext, ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders.schemas import OrderRead

router = APIRouter(tags=["flash sales"])
ADMIN = "/api/v1/admin/flash-sales"
STORE = "/api/v1/store/flash-sales"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per attempt to buy.")]


@router.post(ADMIN, response_model=FlashSaleRead, status_code=201, summary="Create a flash sale session (draft)")
async def create(body: FlashSaleCreate, ctx: StaffContext) -> FlashSaleRead:
    return await service.create_flash_sale(ctx.uow(), data=body)


@router.get(ADMIN, response_model=list[FlashSaleRead], summary="Flash sale sessions, latest start first")
async def list_sales(
    ctx: StaffContext, status: Annotated[Literal["draft", "published", "ended"] | None, Query()] = None
) -> list[FlashSaleRead]:
    return await service.list_flash_sales(ctx.uow(), status=status)


@router.get(ADMIN + "/{sale_id}", response_model=FlashSaleRead, summary="A flash sale session")
async def get_sale(sale_id: str, ctx: StaffContext) -> FlashSaleRead:
    return await service.get_flash_sale(ctx.uow(), sale_id=sale_id)


@router.post(
    ADMIN + "/{sale_id}/publish",
    response_model=FlashSaleRead,
    summary="Publish: carve the units out of the location's stock",
    responses={409: problem("out_of_stock or invalid_state")},
)
async def publish(sale_id: str, ctx: StaffContext, request: Request) -> FlashSaleRead:
    sale = await service.publish_flash_sale(ctx.uow(), sale_id=sale_id)
    await service_buy.seed_gate(ctx.uow(), request.app.state.flash_gate, sale_id=sale.id)
    return sale


@router.post(
    ADMIN + "/{sale_id}/end",
    response_model=FlashSaleRead,
    summary="End now: the unsold units go back to the shelf",
    responses={409: problem("invalid_state")},
)
async def end(sale_id: str, ctx: StaffContext) -> FlashSaleRead:
    return await service.end_flash_sale(ctx.uow(), sale_id=sale_id)


@router.get(ADMIN + "/{sale_id}/stats", response_model=FlashSaleStats, summary="Units left, awaiting payment, paid")
async def stats(sale_id: str, ctx: StaffContext) -> FlashSaleStats:
    return await service.flash_sale_stats(ctx.uow(), sale_id=sale_id)


@router.get(STORE, response_model=StoreFlashSales, summary="Flash sale sessions on now and to come")
async def store_sales(ctx: OptionalShopperContext) -> StoreFlashSales:
    return await service_store.store_flash_sales(ctx.uow())


@router.post(
    STORE + "/{sale_id}/orders",
    response_model=OrderRead,
    status_code=201,
    summary="Buy in a flash sale (idempotent): the order to pay, or 409 sold_out / limit_reached",
    responses={409: problem("sold_out, limit_reached, flash_sale_not_live or idempotency_in_progress")},
)
async def buy(
    sale_id: str, body: FlashOrderIn, ctx: ShopperContext, request: Request, key: IdempotencyKey
) -> JSONResponse:
    outcome = await service_buy.buy(
        ctx.uow, tenant=ctx.tenant, sale_id=sale_id, data=body, key=key, locale=ctx.locale,
        gate=request.app.state.flash_gate, bulkhead=request.app.state.checkout_bulkhead.hold,
    )  # fmt: skip
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)
