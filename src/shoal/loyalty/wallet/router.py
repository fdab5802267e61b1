"""Stored-value routes: a member's balance and staff adjustments, top-up plans, gift cards; the shopper's
balance, top-ups (a payment to complete as for orders) and gift card redemption. Paying an order with the
balance is ``POST /api/v1/store/orders/{id}/payments`` with ``{"provider": "balance"}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shoal.core.openapi import problem
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.loyalty.wallet import service, service_cards, service_top_ups, service_withdrawals
from shoal.loyalty.wallet.schemas import (
    BalanceAdjust,
    BalanceStatement,
    GiftCardBatch,
    GiftCardRead,
    GiftCardRedeem,
    TopUpPlanCreate,
    TopUpPlanRead,
    TopUpPlanUpdate,
    TopUpRead,
    TopUpStart,
    WithdrawalCreate,
    WithdrawalRead,
)
from shoal.payments.deps import Providers
from shoal.payments.schemas import PaymentRead

router = APIRouter(tags=["loyalty"])
PLANS = "/api/v1/admin/top-up-plans"
CARDS = "/api/v1/admin/gift-cards"


@router.get("/api/v1/admin/customers/{customer_id}/balance", response_model=BalanceStatement,
            summary="A member's balance (principal and bonus) and ledger")  # fmt: skip
async def customer_balance(customer_id: str, ctx: StaffContext) -> BalanceStatement:
    return await service.balance_statement(ctx.uow(), customer_id=customer_id)


@router.post("/api/v1/admin/customers/{customer_id}/balance", response_model=BalanceStatement, status_code=201,
             summary="Add to or take from a balance, with a reason (audited)",
             responses={409: problem("insufficient_balance")})  # fmt: skip
async def adjust_balance(customer_id: str, body: BalanceAdjust, ctx: StaffContext) -> BalanceStatement:
    return await service.adjust_balance(ctx.uow(), customer_id=customer_id, data=body)


@router.post("/api/v1/admin/customers/{customer_id}/balance/withdrawals", response_model=WithdrawalRead,
             status_code=201, summary="Pay back the unused principal (the bonus is forfeited)",
             responses={409: problem("nothing_to_withdraw or withdrawal_not_covered")})  # fmt: skip
async def withdraw(customer_id: str, body: WithdrawalCreate, ctx: StaffContext, providers: Providers) -> WithdrawalRead:
    return await service_withdrawals.withdraw(ctx.uow(), providers=providers, customer_id=customer_id, data=body)


@router.get(PLANS, response_model=list[TopUpPlanRead], summary="Top-up plans (充值方案)")
async def list_plans(ctx: StaffContext) -> list[TopUpPlanRead]:
    return await service_top_ups.list_plans(ctx.uow())


@router.post(PLANS, response_model=TopUpPlanRead, status_code=201, summary="Add a top-up plan (pay X, get X + bonus)")
async def create_plan(body: TopUpPlanCreate, ctx: StaffContext) -> TopUpPlanRead:
    return await service_top_ups.create_plan(ctx.uow(), data=body)


@router.patch(PLANS + "/{plan_id}", response_model=TopUpPlanRead, summary="Rename a plan or stop offering it")
async def update_plan(plan_id: str, body: TopUpPlanUpdate, ctx: StaffContext) -> TopUpPlanRead:
    return await service_top_ups.update_plan(ctx.uow(), plan_id=plan_id, data=body)


@router.get(CARDS, response_model=list[GiftCardRead], summary="Gift cards, newest first")
async def list_cards(
    ctx: StaffContext, batch: Annotated[str | None, Query(max_length=60)] = None
) -> list[GiftCardRead]:
    return await service_cards.list_gift_cards(ctx.uow(), batch=batch)


@router.post(CARDS, response_model=list[GiftCardRead], status_code=201, summary="Issue a batch of gift card codes")
async def issue_cards(body: GiftCardBatch, ctx: StaffContext) -> list[GiftCardRead]:
    return await service_cards.issue_gift_cards(ctx.uow(), data=body)


@router.get("/api/v1/store/me/balance", response_model=BalanceStatement, summary="My balance and its statement")
async def my_balance(ctx: ShopperContext) -> BalanceStatement:
    return await service.balance_statement(ctx.uow(), customer_id=ctx.actor.id or "")


@router.get("/api/v1/store/top-up-plans", response_model=list[TopUpPlanRead], summary="Top-up plans on offer")
async def plans_on_offer(ctx: ShopperContext) -> list[TopUpPlanRead]:
    return await service_top_ups.list_plans(ctx.uow(), active_only=True)


@router.get("/api/v1/store/me/top-ups", response_model=list[TopUpRead], summary="My top-ups")
async def my_top_ups(ctx: ShopperContext) -> list[TopUpRead]:
    return await service_top_ups.my_top_ups(ctx.uow())


@router.post("/api/v1/store/me/top-ups", response_model=PaymentRead, status_code=201,
             summary="Top up: the payment to complete, as for orders",
             responses={409: problem("top_up_plan_unavailable")})  # fmt: skip
async def top_up(body: TopUpStart, ctx: ShopperContext, providers: Providers) -> PaymentRead:
    return await service_top_ups.start_top_up(ctx.uow(), providers=providers, data=body)


@router.post("/api/v1/store/gift-cards/redeem", response_model=BalanceStatement, summary="Redeem a gift card",
             responses={409: problem("gift_card_unusable")})  # fmt: skip
async def redeem(body: GiftCardRedeem, ctx: ShopperContext) -> BalanceStatement:
    return await service_cards.redeem(ctx.uow(), code=body.code)
