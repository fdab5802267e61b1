"""Group-buy routes: staff manage activities (``/api/v1/admin/group-buys``), shoppers see them, open and join
groups (``/api/v1/store/group-buys``, ``/api/v1/store/groups``). The order a member gets is paid with
``POST /api/v1/store/orders/{id}/payments``; the seat is theirs once it is paid."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from shoal.campaigns.group_buy import service, service_join, service_store
from shoal.campaigns.group_buy import share as _share  # noqa: F401  (registers the share targets and funnel steps)
from shoal.campaigns.group_buy.schemas import (
    GroupBuyCreate,
    GroupBuyRead,
    GroupBuyStats,
    GroupBuyUpdate,
    GroupJoinIn,
    GroupRead,
    MyGroup,
    StoreGroupBuy,
)
from shoal.core.http import PROBLEM_JSON
from shoal.core.idempotency import Outcome
from shoal.core.openapi import problem
from shoal.customers.deps import OptionalShopperContext, ShopperContext
from shoal.identity.deps import StaffContext
from shoal.orders.schemas import OrderRead

router = APIRouter(tags=["group-buys"])
ADMIN = "/api/v1/admin/group-buys"
STORE = "/api/v1/store/group-buys"
GROUPS = "/api/v1/store/groups"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per attempt.")]
REFUSALS = {409: problem("group_full, already_in_group, new_shoppers_only, limit_reached, group_buy_not_live, "
                         "out_of_stock or idempotency_in_progress")}  # fmt: skip


@router.post(ADMIN, response_model=GroupBuyRead, status_code=201, summary="Create a group-buy activity (draft)")
async def create(body: GroupBuyCreate, ctx: StaffContext) -> GroupBuyRead:
    return await service.create_group_buy(ctx.uow(), data=body)


@router.get(ADMIN, response_model=list[GroupBuyRead], summary="Group-buy activities, latest start first")
async def list_activities(
    ctx: StaffContext, status: Annotated[Literal["draft", "published", "ended"] | None, Query()] = None
) -> list[GroupBuyRead]:
    return await service.list_group_buys(ctx.uow(), status=status)


@router.get(ADMIN + "/{activity_id}", response_model=GroupBuyRead, summary="A group-buy activity")
async def get_activity(activity_id: str, ctx: StaffContext) -> GroupBuyRead:
    return await service.get_group_buy(ctx.uow(), activity_id=activity_id)


@router.patch(
    ADMIN + "/{activity_id}", response_model=GroupBuyRead, summary="Change a draft activity's terms",
    responses={409: problem("invalid_state"), 422: problem("group_buy_invalid")},
)  # fmt: skip
async def update_activity(activity_id: str, body: GroupBuyUpdate, ctx: StaffContext) -> GroupBuyRead:
    return await service.update_group_buy(ctx.uow(), activity_id=activity_id, patch=body)


@router.post(
    ADMIN + "/{activity_id}/publish", response_model=GroupBuyRead, summary="Publish: shoppers may open groups",
    responses={409: problem("invalid_state")},
)  # fmt: skip
async def publish(activity_id: str, ctx: StaffContext) -> GroupBuyRead:
    return await service.move_group_buy(ctx.uow(), activity_id=activity_id, action="publish")


@router.post(
    ADMIN + "/{activity_id}/end", response_model=GroupBuyRead,
    summary="End: no new groups (open ones run to their deadline)", responses={409: problem("invalid_state")},
)  # fmt: skip
async def end(activity_id: str, ctx: StaffContext) -> GroupBuyRead:
    return await service.move_group_buy(ctx.uow(), activity_id=activity_id, action="end")


@router.get(ADMIN + "/{activity_id}/stats", response_model=GroupBuyStats, summary="Groups, success rate and GMV")
async def stats(activity_id: str, ctx: StaffContext) -> GroupBuyStats:
    return await service.group_buy_stats(ctx.uow(), activity_id=activity_id)


@router.get(STORE, response_model=list[StoreGroupBuy], summary="Group-buys on now and to come")
async def store_activities(ctx: OptionalShopperContext) -> list[StoreGroupBuy]:
    return await service_store.store_group_buys(ctx.uow())


@router.get(STORE + "/{activity_id}", response_model=StoreGroupBuy, summary="A group-buy with its open groups (凑团)")
async def store_activity(activity_id: str, ctx: OptionalShopperContext) -> StoreGroupBuy:
    return await service_store.store_group_buy(ctx.uow(), activity_id=activity_id)


@router.post(
    STORE + "/{activity_id}/groups", response_model=OrderRead, status_code=201,
    summary="Open a group (开团, idempotent): the order to pay", responses=REFUSALS,
)  # fmt: skip
async def open_group(activity_id: str, body: GroupJoinIn, ctx: ShopperContext, key: IdempotencyKey) -> JSONResponse:
    outcome = await service_join.open_group(
        ctx.uow, tenant=ctx.tenant, activity_id=activity_id, data=body, key=key, locale=ctx.locale
    )
    return _answer(outcome)


@router.post(
    GROUPS + "/{group_id}/join", response_model=OrderRead, status_code=201,
    summary="Join a group (参团, idempotent): the order to pay", responses=REFUSALS,
)  # fmt: skip
async def join_group(group_id: str, body: GroupJoinIn, ctx: ShopperContext, key: IdempotencyKey) -> JSONResponse:
    outcome = await service_join.join_group(
        ctx.uow, tenant=ctx.tenant, group_id=group_id, data=body, key=key, locale=ctx.locale
    )
    return _answer(outcome)


@router.get(GROUPS + "/mine", response_model=list[MyGroup], summary="The signed-in shopper's groups")
async def mine(ctx: ShopperContext) -> list[MyGroup]:
    return await service_store.my_groups(ctx.uow())


@router.get(GROUPS + "/{group_id}", response_model=GroupRead, summary="A group: seats taken, members, time left")
async def store_group(group_id: str, ctx: OptionalShopperContext) -> GroupRead:
    return await service_store.store_group(ctx.uow(), group_id=group_id)


def _answer(outcome: Outcome) -> JSONResponse:
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)
