"""Bargain routes: staff manage activities (``/api/v1/admin/bargains``); shoppers start a bargain, friends cut
it, and the initiator buys at the price reached (``/api/v1/store/bargains``, ``/api/v1/store/bargain-records``).
The order is paid with ``POST /api/v1/store/orders/{id}/payments``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from shoal.campaigns.bargain import service, service_orders, service_store
from shoal.campaigns.bargain import share as _share  # noqa: F401  (registers the share target and the cuts step)
from shoal.campaigns.bargain.schemas import (
    BargainCheckoutIn,
    BargainCreate,
    BargainRead,
    BargainRecordRead,
    BargainStats,
    CutRead,
    StoreBargain,
)
from shoal.core.http import PROBLEM_JSON
from shoal.core.openapi import problem
from shoal.customers.deps import OptionalShopperContext, ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders.schemas import OrderRead

router = APIRouter(tags=["bargains"])
ADMIN = "/api/v1/admin/bargains"
STORE = "/api/v1/store/bargains"
RECORDS = "/api/v1/store/bargain-records"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per attempt to buy.")]


@router.post(ADMIN, response_model=BargainRead, status_code=201, summary="Create a bargain activity (draft)")
async def create(body: BargainCreate, ctx: StaffContext) -> BargainRead:
    return await service.create_bargain(ctx.uow(), data=body)


@router.get(ADMIN, response_model=list[BargainRead], summary="Bargain activities, newest first")
async def list_bargains(
    ctx: StaffContext, status: Annotated[Literal["draft", "published", "ended"] | None, Query()] = None
) -> list[BargainRead]:
    return await service.list_bargains(ctx.uow(), status=status)


@router.get(ADMIN + "/{bargain_id}", response_model=BargainRead, summary="A bargain activity")
async def get_bargain(bargain_id: str, ctx: StaffContext) -> BargainRead:
    return await service.get_bargain(ctx.uow(), bargain_id=bargain_id)


@router.post(
    ADMIN + "/{bargain_id}/publish", response_model=BargainRead, summary="Publish: shoppers may start bargains",
    responses={409: problem("invalid_state")},
)  # fmt: skip
async def publish(bargain_id: str, ctx: StaffContext) -> BargainRead:
    return await service.publish_bargain(ctx.uow(), bargain_id=bargain_id)


@router.post(
    ADMIN + "/{bargain_id}/end", response_model=BargainRead, summary="End: no new bargains (started ones run on)",
    responses={409: problem("invalid_state")},
)  # fmt: skip
async def end(bargain_id: str, ctx: StaffContext) -> BargainRead:
    return await service.end_bargain(ctx.uow(), bargain_id=bargain_id)


@router.get(ADMIN + "/{bargain_id}/stats", response_model=BargainStats, summary="Started, completed, orders, GMV")
async def stats(bargain_id: str, ctx: StaffContext) -> BargainStats:
    return await service.bargain_stats(ctx.uow(), bargain_id=bargain_id)


@router.get(STORE + "/{bargain_id}", response_model=StoreBargain, summary="A bargain activity as shoppers see it")
async def store_bargain(bargain_id: str, ctx: OptionalShopperContext) -> StoreBargain:
    return await service_store.store_bargain(ctx.uow(), bargain_id=bargain_id)


@router.post(
    STORE + "/{bargain_id}/start", response_model=BargainRecordRead, status_code=201,
    summary="Start a bargain (the shopper's own, once per activity: starting again answers the same one)",
    responses={409: problem("bargain_not_live")},
)  # fmt: skip
async def start(bargain_id: str, ctx: ShopperContext) -> BargainRecordRead:
    return await service_store.start_bargain(ctx.uow(), bargain_id=bargain_id)


@router.get(RECORDS + "/{record_id}", response_model=BargainRecordRead, summary="A bargain: price now, cuts")
async def record(record_id: str, ctx: OptionalShopperContext) -> BargainRecordRead:
    return await service_store.get_record(ctx.uow(), record_id=record_id)


@router.post(
    RECORDS + "/{record_id}/cuts", response_model=CutRead, status_code=201,
    summary="Cut the price once (the signed-in helper): the amount cut",
    responses={409: problem("already_helped, own_bargain, daily_help_limit or bargain_closed")},
)  # fmt: skip
async def cut(record_id: str, ctx: ShopperContext) -> CutRead:
    return await service_store.cut(ctx.uow(), record_id=record_id)


@router.post(
    RECORDS + "/{record_id}/checkout", response_model=OrderRead, status_code=201,
    summary="Buy at the price reached (the initiator; idempotent): the order to pay",
    responses={409: problem("floor_not_reached, bargain_closed, out_of_stock or idempotency_in_progress")},
)  # fmt: skip
async def checkout(record_id: str, body: BargainCheckoutIn, ctx: ShopperContext, key: IdempotencyKey) -> JSONResponse:
    outcome = await service_orders.checkout(
        ctx.uow, tenant=ctx.tenant, record_id=record_id, data=body, key=key, locale=ctx.locale
    )
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)
