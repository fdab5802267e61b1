"""Staff sign-in (``/api/v1/auth``), staff accounts and the audit log (``/api/v1/admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from shoal.core.http import CursorQuery, LimitQuery, client_address, get_db
from shoal.core.pagination import Page
from shoal.identity import service, service_staff
from shoal.identity.deps import StaffContext, staff_principal
from shoal.identity.schemas import (
    AuditEntryRead,
    RefreshRequest,
    StaffCreate,
    StaffRead,
    StaffUpdate,
    TokenPair,
    TokenRequest,
)
from shoal.identity.service import StaffPrincipal

router = APIRouter(tags=["identity"])


@router.post("/api/v1/auth/token", response_model=TokenPair, summary="Sign in as staff")
async def sign_in(body: TokenRequest, request: Request) -> TokenPair:
    return await service.sign_in(
        get_db(request).uow(),
        settings=request.app.state.settings,
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        address=client_address(request),
    )


@router.post("/api/v1/auth/refresh", response_model=TokenPair, summary="Exchange a refresh token")
async def refresh(body: RefreshRequest, request: Request) -> TokenPair:
    return await service.refresh(
        get_db(request).uow(), settings=request.app.state.settings, refresh_token=body.refresh_token
    )


@router.post("/api/v1/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke this sign-in")
async def logout(request: Request, principal: Annotated[StaffPrincipal, Depends(staff_principal)]) -> None:
    token = request.headers["authorization"].split(" ", 1)[1]
    uow = get_db(request).uow(tenant_id=principal.tenant.id)
    await service.sign_out(uow, settings=request.app.state.settings, access_token=token)


@router.post("/api/v1/admin/staff", response_model=StaffRead, status_code=201, summary="Create a staff account")
async def create_staff(body: StaffCreate, ctx: StaffContext) -> StaffRead:
    return await service.create_staff(ctx.uow(), data=body)


@router.get("/api/v1/admin/staff", response_model=list[StaffRead], summary="The shop's staff accounts")
async def list_staff(ctx: StaffContext) -> list[StaffRead]:
    return await service_staff.list_staff(ctx.uow())


@router.patch(
    "/api/v1/admin/staff/{user_id}",
    response_model=StaffRead,
    summary="Change a staff account's name, role or store, or disable it (signs it out everywhere)",
)
async def update_staff(user_id: str, body: StaffUpdate, ctx: StaffContext) -> StaffRead:
    return await service_staff.update_staff(ctx.uow(), user_id=user_id, data=body)


@router.get(
    "/api/v1/admin/audit-log",
    response_model=Page[AuditEntryRead],
    tags=["audit"],
    summary="Who changed what, newest first",
)
async def audit_log(
    ctx: StaffContext,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    entity: Annotated[str | None, Query(max_length=60)] = None,
) -> Page[AuditEntryRead]:
    return await service.list_audit_log(ctx.uow(), limit=limit, cursor=cursor, entity=entity)
