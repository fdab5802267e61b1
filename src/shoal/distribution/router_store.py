"""Distribution for shoppers and promoters (``/api/v1/store/promoter``), and the payout providers'
notifications (``/api/v1/distribution/payouts/{provider}/notify/{tenant_id}``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse

from shoal.core.http import PROBLEM_JSON, get_db
from shoal.core.openapi import problem
from shoal.customers.deps import ShopperContext
from shoal.distribution import service_binding, service_promoters, service_reports, service_withdrawals
from shoal.distribution.deps import PayoutsDep
from shoal.distribution.schemas import (
    ApplicationIn,
    ApplicationRead,
    BindIn,
    BindingRead,
    Centre,
    CustomerRow,
    EntryRead,
    TeamRow,
    WithdrawalIn,
    WithdrawalRead,
)

router = APIRouter(tags=["distribution"])
STORE = "/api/v1/store/promoter"
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", description="A new UUID per attempt.")]


@router.post(STORE + "/applications", response_model=ApplicationRead, status_code=201,
             summary="Apply to become a promoter (optionally with an inviting promoter's code)",
             responses={409: problem("already_promoter, application_pending or spend_too_low")})  # fmt: skip
async def apply(body: ApplicationIn, ctx: ShopperContext) -> ApplicationRead:
    return await service_promoters.apply(ctx.uow(), data=body)


@router.get(
    STORE, response_model=Centre, summary="The promoter centre's figures", responses={403: problem("not_a_promoter")}
)
async def centre(ctx: ShopperContext) -> Centre:
    return await service_reports.centre(ctx.uow(), zone=ctx.tenant.timezone)


@router.get(STORE + "/customers", response_model=list[CustomerRow], summary="My customers (bound to me)")
async def customers(ctx: ShopperContext) -> list[CustomerRow]:
    return await service_reports.my_customers(ctx.uow())


@router.get(STORE + "/team", response_model=list[TeamRow], summary="The promoters I invited, two levels")
async def team(ctx: ShopperContext) -> list[TeamRow]:
    return await service_reports.my_team(ctx.uow())


@router.get(STORE + "/commissions", response_model=list[EntryRead], summary="My commission ledger, newest first")
async def commissions(ctx: ShopperContext) -> list[EntryRead]:
    return await service_reports.my_entries(ctx.uow())


@router.post(STORE + "/withdrawals", response_model=WithdrawalRead, status_code=201,
             summary="Withdraw commission (idempotent)",
             responses={409: problem("insufficient_balance or withdrawal_daily_limit"),
                        422: problem("withdrawal_below_minimum")})  # fmt: skip
async def withdraw(body: WithdrawalIn, ctx: ShopperContext, key: IdempotencyKey) -> JSONResponse:
    outcome = await service_withdrawals.request_withdrawal(ctx.uow(), amount=body.amount, key=key, locale=ctx.locale)
    media = PROBLEM_JSON if outcome.status >= 400 else "application/json"
    return JSONResponse(outcome.body, status_code=outcome.status, media_type=media)


@router.get(STORE + "/withdrawals", response_model=list[WithdrawalRead], summary="My withdrawals")
async def my_withdrawals(ctx: ShopperContext) -> list[WithdrawalRead]:
    return await service_withdrawals.list_withdrawals(ctx.uow(), mine=True)


@router.post(STORE + "/bind", response_model=BindingRead, summary="Bind me to a promoter's code (e.g. a clerk's QR)",
             responses={409: problem("binding_refused")})  # fmt: skip
async def bind(body: BindIn, ctx: ShopperContext) -> BindingRead:
    return await service_binding.bind_by_code(ctx.uow(), data=body)


@router.post("/api/v1/distribution/payouts/{provider}/notify/{tenant_id}", include_in_schema=False)
async def payout_notify(provider: str, tenant_id: str, request: Request, payouts: PayoutsDep) -> JSONResponse:
    await service_withdrawals.notify(get_db(request), tenant_id, payouts=payouts, provider=provider,
                                     headers=dict(request.headers), body=await request.body())  # fmt: skip
    return JSONResponse({"code": "SUCCESS"})
