"""In-store selling over HTTP (staff token; ``pos.sell``): shifts, quotes, sales, returns, members at the till, and
the stores' daily report. Paths as pinned by the issue."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.openapi import problem
from shoal.core.pagination import Page
from shoal.identity.deps import StaffContext
from shoal.payments.deps import Providers
from shoal.pos import service_members, service_report, service_returns, service_sales, service_shifts
from shoal.pos.errors import PhoneOrCard
from shoal.pos.schemas import (
    MemberRead,
    Quote,
    QuoteIn,
    ReturnCreate,
    ReturnRead,
    SaleCreate,
    SaleRead,
    ShiftClose,
    ShiftOpen,
    ShiftRead,
    StoreReport,
)

router = APIRouter(tags=["pos"])
POS = "/api/v1/pos"


@router.post(POS + "/shifts", response_model=ShiftRead, status_code=201, summary="Open a shift with a cash float",
             responses={409: problem("shift_already_open"), 422: problem("not_a_store")})  # fmt: skip
async def open_shift(body: ShiftOpen, ctx: StaffContext) -> ShiftRead:
    return await service_shifts.open_shift(ctx.uow(), data=body)


@router.get(POS + "/shifts/current", response_model=ShiftRead, summary="The signed-in clerk's open shift",
            responses={204: {"description": "The clerk has no open shift"}})  # fmt: skip
async def current_shift(ctx: StaffContext) -> ShiftRead | Response:
    shift = await service_shifts.my_shift(ctx.uow())
    return shift if shift is not None else Response(status_code=204)


@router.get(POS + "/shifts/{shift_id}", response_model=ShiftRead, summary="A shift, with its takings so far")
async def get_shift(shift_id: str, ctx: StaffContext) -> ShiftRead:
    return await service_shifts.get_shift(ctx.uow(), shift_id=shift_id)


@router.post(POS + "/shifts/{shift_id}/close", response_model=ShiftRead,
             summary="Close a shift: takings by method, expected and counted cash, the difference",
             responses={409: problem("shift_closed")})  # fmt: skip
async def close_shift(shift_id: str, body: ShiftClose, ctx: StaffContext) -> ShiftRead:
    return await service_shifts.close_shift(ctx.uow(), shift_id=shift_id, data=body)


@router.post(POS + "/quotes", response_model=Quote, summary="Price a basket on the store channel (nothing is kept)",
             responses={409: problem("no_open_shift"), 422: problem("unknown_code")})  # fmt: skip
async def quote(body: QuoteIn, ctx: StaffContext) -> Quote:
    return await service_sales.quote(ctx.uow(), tenant=ctx.tenant, data=body)


@router.post(POS + "/sales", response_model=SaleRead, status_code=201,
             summary="Record a sale (idempotent by the till's sale_id; offline sales short of stock are flagged)",
             responses={409: problem("out_of_stock"), 402: problem("payment_code_declined"),
                        422: problem("not_enough_tendered")})  # fmt: skip
async def record_sale(body: SaleCreate, ctx: StaffContext, providers: Providers) -> SaleRead:
    return await service_sales.record_sale(ctx.uow(), tenant=ctx.tenant, providers=providers, data=body)


@router.get(POS + "/sales", response_model=Page[SaleRead], summary="The store's sales, newest first")
async def list_sales(
    ctx: StaffContext, status: Annotated[Literal["completed", "flagged", "paying", "refused"] | None, Query()] = None,
    limit: LimitQuery = 20, cursor: CursorQuery = None,
) -> Page[SaleRead]:  # fmt: skip
    return await service_sales.list_sales(ctx.uow(), status=status, limit=limit, cursor=cursor)


@router.get(POS + "/sales/{sale_pk}", response_model=SaleRead, summary="A sale")
async def get_sale(sale_pk: str, ctx: StaffContext) -> SaleRead:
    return await service_sales.get_sale(ctx.uow(), sale_pk=sale_pk)


@router.post(POS + "/sales/{sale_pk}/complete", response_model=SaleRead,
             summary="Complete a flagged sale once its stock is put right (orders.manage)",
             responses={409: problem("sale_not_flagged")})  # fmt: skip
async def complete_flagged(sale_pk: str, ctx: StaffContext, providers: Providers) -> SaleRead:
    return await service_sales.complete_flagged(ctx.uow(), tenant=ctx.tenant, providers=providers, sale_pk=sale_pk)


@router.post(POS + "/sales/{sale_pk}/returns", response_model=ReturnRead, status_code=201,
             summary="Return goods of a sale at the till: refunded to the sale's methods, back on the store's shelf",
             responses={409: problem("sale_not_returnable"), 422: problem("return_too_large")})  # fmt: skip
async def return_goods(sale_pk: str, body: ReturnCreate, ctx: StaffContext, providers: Providers) -> ReturnRead:
    return await service_returns.return_at_till(ctx.uow(), providers=providers, sale_pk=sale_pk, data=body)


@router.get(POS + "/members", response_model=MemberRead, summary="Find a member at the till by phone or member card",
            responses={404: problem("not_found"), 422: problem("phone_or_card")})  # fmt: skip
async def find_member(
    ctx: StaffContext, phone: Annotated[str | None, Query(min_length=5, max_length=20)] = None,
    card: Annotated[str | None, Query(min_length=4, max_length=40, description="A member card number")] = None,
) -> MemberRead:  # fmt: skip
    if (phone is None) == (card is None):
        raise PhoneOrCard()
    return await service_members.find_member(ctx.uow(), phone=phone, card=card)


@router.get("/api/v1/admin/reports/stores", response_model=StoreReport, tags=["reports"],
            summary="Stores' day: sales, orders, average order value, top SKUs, by clerk")  # fmt: skip
async def stores_report(
    ctx: StaffContext, day: Annotated[date, Query()], location_id: Annotated[str | None, Query(max_length=36)] = None
) -> StoreReport:
    return await service_report.store_report(ctx.uow(), tenant=ctx.tenant, day=day, location_id=location_id)
