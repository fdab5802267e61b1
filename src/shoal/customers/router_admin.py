"""Admin routes over shoppers: ``/api/v1/admin/customers`` (reads need ``orders.read``, writes
``orders.manage``; the service checks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.pagination import Page
from shoal.customers import service
from shoal.customers.schemas import CustomerAdminUpdate, CustomerDetail, MemberRead
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["customers"])


@router.get("/api/v1/admin/customers", response_model=Page[MemberRead], summary="Customers, newest first")
async def list_customers(
    ctx: StaffContext,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the email, phone or name.")] = None,
) -> Page[MemberRead]:
    return await service.list_customers(ctx.uow(), limit=limit, cursor=cursor, q=q)


@router.get("/api/v1/admin/customers/{customer_id}", response_model=CustomerDetail, summary="A customer")
async def get_customer(customer_id: str, ctx: StaffContext) -> CustomerDetail:
    return await service.get_customer_detail(ctx.uow(), customer_id=customer_id)


@router.patch(
    "/api/v1/admin/customers/{customer_id}",
    response_model=MemberRead,
    summary="Change a customer's group, status or tags",
)
async def update_customer(customer_id: str, body: CustomerAdminUpdate, ctx: StaffContext) -> MemberRead:
    return await service.update_customer(ctx.uow(), customer_id=customer_id, data=body)
