"""After-sales over HTTP: shoppers ask and follow; staff review, receive, refund and exchange."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shoal.aftersales import service, service_staff
from shoal.aftersales.schemas import AfterSaleCreate, AfterSaleRead, Approve, Exchange, Receive, Reject
from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.pagination import Page
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.payments.deps import Providers

router = APIRouter(tags=["after-sales"])
ADMIN = "/api/v1/admin/after-sales"
Filter = Annotated[str | None, Query(max_length=36)]


@router.post("/api/v1/store/orders/{order_id}/after-sales", response_model=AfterSaleRead, status_code=201,
             summary="Ask for a refund, a return or an exchange")  # fmt: skip
async def request_after_sale(order_id: str, body: AfterSaleCreate, ctx: ShopperContext) -> AfterSaleRead:
    return await service.request_after_sale(ctx.uow(), order_id=order_id, data=body)


@router.get("/api/v1/store/after-sales", response_model=Page[AfterSaleRead], summary="My after-sales cases")
async def my_after_sales(ctx: ShopperContext, limit: LimitQuery = 20, cursor: CursorQuery = None,
                         status: Filter = None) -> Page[AfterSaleRead]:  # fmt: skip
    return await service.list_after_sales(ctx.uow(), limit=limit, cursor=cursor, status=status)


@router.get("/api/v1/store/after-sales/{after_sale_id}", response_model=AfterSaleRead, summary="One of my cases")
async def my_after_sale(after_sale_id: str, ctx: ShopperContext) -> AfterSaleRead:
    return await service.get_my_after_sale(ctx.uow(), after_sale_id=after_sale_id)


@router.post("/api/v1/store/after-sales/{after_sale_id}/cancel", response_model=AfterSaleRead,
             summary="Withdraw a case still waiting for review")  # fmt: skip
async def cancel(after_sale_id: str, ctx: ShopperContext) -> AfterSaleRead:
    return await service.cancel_my_after_sale(ctx.uow(), after_sale_id=after_sale_id)


@router.get(ADMIN, response_model=Page[AfterSaleRead], summary="After-sales cases, newest first")
async def list_cases(ctx: StaffContext, limit: LimitQuery = 20, cursor: CursorQuery = None, status: Filter = None,
                     kind: Filter = None, order_id: Filter = None) -> Page[AfterSaleRead]:  # fmt: skip
    return await service.list_after_sales(
        ctx.uow(), limit=limit, cursor=cursor, status=status, kind=kind, order_id=order_id
    )


@router.get(ADMIN + "/{after_sale_id}", response_model=AfterSaleRead, summary="A case with its history")
async def get_case(after_sale_id: str, ctx: StaffContext) -> AfterSaleRead:
    return await service_staff.get_after_sale(ctx.uow(), after_sale_id=after_sale_id)


@router.post(ADMIN + "/{after_sale_id}/approve", response_model=AfterSaleRead, summary="Approve")
async def approve(after_sale_id: str, body: Approve, ctx: StaffContext) -> AfterSaleRead:
    return await service_staff.approve(ctx.uow(), after_sale_id=after_sale_id, data=body)


@router.post(ADMIN + "/{after_sale_id}/reject", response_model=AfterSaleRead, summary="Reject")
async def reject(after_sale_id: str, body: Reject, ctx: StaffContext) -> AfterSaleRead:
    return await service_staff.reject(ctx.uow(), after_sale_id=after_sale_id, data=body)


@router.post(ADMIN + "/{after_sale_id}/receive", response_model=AfterSaleRead, summary="Returned goods arrived")
async def receive(after_sale_id: str, body: Receive, ctx: StaffContext) -> AfterSaleRead:
    return await service_staff.receive(ctx.uow(), after_sale_id=after_sale_id, data=body)


@router.post(ADMIN + "/{after_sale_id}/refund", response_model=AfterSaleRead,
             summary="Refund to the original payment")  # fmt: skip
async def refund(after_sale_id: str, ctx: StaffContext, providers: Providers) -> AfterSaleRead:
    return await service_staff.refund(ctx.uow(), providers=providers, after_sale_id=after_sale_id)


@router.post(ADMIN + "/{after_sale_id}/exchange", response_model=AfterSaleRead, summary="Ship the replacements")
async def exchange(after_sale_id: str, body: Exchange, ctx: StaffContext) -> AfterSaleRead:
    return await service_staff.exchange(ctx.uow(), after_sale_id=after_sale_id, data=body)
