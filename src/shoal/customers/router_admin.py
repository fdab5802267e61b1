"""Admin routes over shoppers: ``/api/v1/admin/customers`` and their doors (reads need ``orders.read``, writes
``orders.manage``; the service checks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.openapi import problem
from shoal.core.pagination import Page
from shoal.customers import service, service_identities
from shoal.customers.schemas import (
    CustomerAdminUpdate,
    CustomerDetail,
    CustomerSearch,
    Gender,
    IdentityCreate,
    IdentityRead,
    MemberRead,
)
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["customers"])
IDENTITIES = "/api/v1/admin/customers/{customer_id}/identities"


@router.get("/api/v1/admin/customers", response_model=Page[MemberRead], summary="Customers, newest first")
async def list_customers(
    ctx: StaffContext,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Part of the email, phone or name, or a card number.")
    ] = None,
    tag: Annotated[str | None, Query(max_length=20, description="Customers with this tag.")] = None,
    gender: Annotated[Gender | None, Query()] = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2,9}$", description="Customers in this region.")] = None,
    marketing_consent: Annotated[bool | None, Query()] = None,
) -> Page[MemberRead]:
    search = CustomerSearch(tag=tag, gender=gender, region=region, marketing_consent=marketing_consent)
    return await service.list_customers(ctx.uow(), limit=limit, cursor=cursor, q=q, search=search)


@router.get("/api/v1/admin/customers/{customer_id}", response_model=CustomerDetail, summary="A customer")
async def get_customer(customer_id: str, ctx: StaffContext) -> CustomerDetail:
    return await service.get_customer_detail(ctx.uow(), customer_id=customer_id)


@router.patch(
    "/api/v1/admin/customers/{customer_id}",
    response_model=MemberRead,
    summary="Change a customer's group, status, tags or profile",
)
async def update_customer(customer_id: str, body: CustomerAdminUpdate, ctx: StaffContext) -> MemberRead:
    return await service.update_customer(ctx.uow(), customer_id=customer_id, data=body)


@router.get(IDENTITIES, response_model=list[IdentityRead], summary="The doors to a customer")
async def list_identities(customer_id: str, ctx: StaffContext) -> list[IdentityRead]:
    return await service_identities.list_identities(ctx.uow(), customer_id=customer_id)


@router.post(
    IDENTITIES, response_model=IdentityRead, status_code=201,
    summary="Link a phone, email, unionid or store card number to a customer",
    responses={409: problem("identity_taken: it leads to another customer (merge them instead)")},
)  # fmt: skip
async def link_identity(customer_id: str, body: IdentityCreate, ctx: StaffContext) -> IdentityRead:
    return await service_identities.link_identity(ctx.uow(), customer_id=customer_id, data=body)


@router.delete(
    IDENTITIES + "/{identity_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Unlink a door",
    responses={409: problem("identity_is_contact: the customer's contact phone or email stays linked")},
)  # fmt: skip
async def unlink_identity(customer_id: str, identity_id: str, ctx: StaffContext) -> None:
    await service_identities.unlink_identity(ctx.uow(), customer_id=customer_id, identity_id=identity_id)
