"""The dealer network for the brand's staff: accounts, credit, the dealer assortment, dealer orders to
approve, ship, invoice and mark paid, and volume rebates. Paths as pinned by the issue."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from shoal.core.openapi import problem
from shoal.dealers import service_accounts, service_orders, service_rebates, service_stock
from shoal.dealers.schemas import (
    CreditIn,
    CreditRead,
    DealerCreate,
    DealerOrderRead,
    DealerRead,
    DealerUpdate,
    DealerUserCreate,
    DealerUserRead,
    RebateRead,
    SettleIn,
    ShipIn,
    SkuTermsIn,
    SkuTermsRead,
    TierIn,
    TiersIn,
)
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["dealers"])
ADMIN = "/api/v1/admin"
ORDER = ADMIN + "/dealer-orders/{order_id}"
STATE = {409: problem("invalid_state")}
Status = Literal["placed", "approved", "shipped", "invoiced", "rejected"]


@router.post(ADMIN + "/dealers", response_model=DealerRead, status_code=201,
             summary="Create a dealer (and its stock location, kind dealer)",
             responses={409: problem("dealer_code_taken")})  # fmt: skip
async def create_dealer(body: DealerCreate, ctx: StaffContext) -> DealerRead:
    return await service_accounts.create_dealer(ctx.uow(), data=body)


@router.get(ADMIN + "/dealers", response_model=list[DealerRead], summary="Dealers, by code")
async def dealers(ctx: StaffContext) -> list[DealerRead]:
    return await service_accounts.list_dealers(ctx.uow())


@router.get(ADMIN + "/dealers/{dealer_id}", response_model=DealerRead, summary="A dealer")
async def dealer(dealer_id: str, ctx: StaffContext) -> DealerRead:
    return await service_accounts.get_dealer(ctx.uow(), dealer_id=dealer_id)


@router.patch(ADMIN + "/dealers/{dealer_id}", response_model=DealerRead,
              summary="Change a dealer's name, region, price list or discount; suspend or reinstate")  # fmt: skip
async def update_dealer(dealer_id: str, body: DealerUpdate, ctx: StaffContext) -> DealerRead:
    return await service_accounts.update_dealer(ctx.uow(), dealer_id=dealer_id, data=body)


@router.get(ADMIN + "/dealers/{dealer_id}/credit", response_model=CreditRead, summary="A dealer's credit")
async def credit(dealer_id: str, ctx: StaffContext) -> CreditRead:
    return await service_accounts.get_credit(ctx.uow(), dealer_id=dealer_id)


@router.put(ADMIN + "/dealers/{dealer_id}/credit", response_model=CreditRead,
            summary="Set a dealer's credit limit and payment terms (prepaid, or net N days)")  # fmt: skip
async def set_credit(dealer_id: str, body: CreditIn, ctx: StaffContext) -> CreditRead:
    return await service_accounts.set_credit(ctx.uow(), dealer_id=dealer_id, data=body)


@router.post(ADMIN + "/dealers/{dealer_id}/users", response_model=DealerUserRead, status_code=201,
             summary="Give a dealer's staff member a portal account",
             responses={409: problem("email_taken")})  # fmt: skip
async def add_user(dealer_id: str, body: DealerUserCreate, ctx: StaffContext) -> DealerUserRead:
    return await service_accounts.add_user(ctx.uow(), dealer_id=dealer_id, data=body)


@router.get(ADMIN + "/dealers/{dealer_id}/users", response_model=list[DealerUserRead], summary="A dealer's staff")
async def users(dealer_id: str, ctx: StaffContext) -> list[DealerUserRead]:
    return await service_accounts.list_users(ctx.uow(), dealer_id=dealer_id)


@router.get(ADMIN + "/dealers/{dealer_id}/rebates", response_model=list[RebateRead], summary="A dealer's rebates")
async def dealer_rebates(dealer_id: str, ctx: StaffContext) -> list[RebateRead]:
    return await service_rebates.list_rebates(ctx.uow(), dealer_id=dealer_id)


@router.get(ADMIN + "/dealer-skus", response_model=list[SkuTermsRead], summary="SKUs offered to dealers")
async def sku_terms(ctx: StaffContext) -> list[SkuTermsRead]:
    return await service_accounts.list_sku_terms(ctx.uow())


@router.put(ADMIN + "/dealer-skus", response_model=SkuTermsRead,
            summary="Offer a SKU to dealers with its minimum order quantity and case pack")  # fmt: skip
async def set_sku_terms(body: SkuTermsIn, ctx: StaffContext) -> SkuTermsRead:
    return await service_accounts.set_sku_terms(ctx.uow(), data=body)


@router.get(ADMIN + "/dealer-orders", response_model=list[DealerOrderRead], summary="Dealer orders, newest first")
async def orders(
    ctx: StaffContext,
    status: Annotated[Status | None, Query()] = None,
    dealer_id: Annotated[str | None, Query(max_length=36)] = None,
) -> list[DealerOrderRead]:
    return await service_orders.list_orders(ctx.uow(), status=status, dealer_id=dealer_id)


@router.get(ORDER, response_model=DealerOrderRead, summary="A dealer order")
async def order(order_id: str, ctx: StaffContext) -> DealerOrderRead:
    return await service_orders.get_order(ctx.uow(), order_id=order_id)


@router.post(ORDER + "/approve", response_model=DealerOrderRead, summary="Approve a placed order", responses=STATE)
async def approve(order_id: str, ctx: StaffContext) -> DealerOrderRead:
    return await service_orders.approve(ctx.uow(), order_id=order_id)


@router.post(ORDER + "/reject", response_model=DealerOrderRead, summary="Reject an order (its credit goes back)",
             responses=STATE)  # fmt: skip
async def reject(order_id: str, ctx: StaffContext) -> DealerOrderRead:
    return await service_orders.reject(ctx.uow(), order_id=order_id)


@router.post(ORDER + "/ship", response_model=DealerOrderRead,
             summary="Ship an approved order from a warehouse to the dealer's location",
             responses={409: problem("out_of_stock, invalid_state or no_warehouse")})  # fmt: skip
async def ship(order_id: str, ctx: StaffContext, body: ShipIn | None = None) -> DealerOrderRead:
    return await service_stock.ship(ctx.uow(), order_id=order_id, data=body or ShipIn())


@router.post(ORDER + "/invoice", response_model=DealerOrderRead, summary="Invoice a shipped order", responses=STATE)
async def invoice(order_id: str, ctx: StaffContext) -> DealerOrderRead:
    return await service_orders.invoice(ctx.uow(), order_id=order_id)


@router.post(ORDER + "/payment", response_model=DealerOrderRead,
             summary="Record the dealer's payment (releases credit of an order on account)",
             responses=STATE)  # fmt: skip
async def payment(order_id: str, ctx: StaffContext) -> DealerOrderRead:
    return await service_orders.record_payment(ctx.uow(), order_id=order_id)


@router.get(ADMIN + "/dealer-rebates/tiers", response_model=list[TierIn], summary="Volume rebate tiers")
async def tiers(ctx: StaffContext) -> list[TierIn]:
    return await service_rebates.list_tiers(ctx.uow())


@router.put(ADMIN + "/dealer-rebates/tiers", response_model=list[TierIn], summary="Replace the volume rebate tiers")
async def set_tiers(body: TiersIn, ctx: StaffContext) -> list[TierIn]:
    return await service_rebates.set_tiers(ctx.uow(), data=body)


@router.post(ADMIN + "/dealer-rebates/settle", summary="Settle a month's rebates (idempotent): how many were new",
             responses={422: problem("bad_period")})  # fmt: skip
async def settle(body: SettleIn, ctx: StaffContext) -> dict[str, int]:
    return {"settled": await service_rebates.settle(ctx.uow(), period=body.period)}
