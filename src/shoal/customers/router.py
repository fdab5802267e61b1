"""Shopper routes (``/api/v1/store/auth``, ``/api/v1/store/me``); admin routes live in ``router_admin``.

Thin: parse, authorise through dependencies, call one service function.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from shoal.core.context import RequestContext
from shoal.core.http import client_address, get_db, storefront_context
from shoal.core.openapi import problem
from shoal.customers import service, service_addresses, service_auth, service_identities, service_wechat
from shoal.customers.deps import CurrentShopperSession, ShopperContext, SmsProviderDep, WeChatAuthDep
from shoal.customers.router_admin import router as admin_router
from shoal.customers.schemas import (
    AddressCreate,
    AddressRead,
    AddressUpdate,
    CustomerRead,
    MeUpdate,
    PhoneLink,
    RefreshRequest,
    RegisterRequest,
    ShopperTokens,
    SmsCodeRequest,
    SmsCodeSent,
    TokenRequest,
    WeChatSignInRequest,
)

router = APIRouter(tags=["customers"])
router.include_router(admin_router)
StorefrontContext = Annotated[RequestContext, Depends(storefront_context)]
ADDRESS = "/api/v1/store/me/addresses/{address_id}"


@router.post("/api/v1/store/auth/register", response_model=ShopperTokens, status_code=201, summary="Sign up by email")
async def register(body: RegisterRequest, ctx: StorefrontContext, request: Request) -> ShopperTokens:
    return await service_auth.register(ctx.uow(), settings=request.app.state.settings, data=body, locale=ctx.locale)


@router.post(
    "/api/v1/store/auth/token", response_model=ShopperTokens, summary="Sign in (email + password, or phone + code)"
)
async def sign_in(body: TokenRequest, ctx: StorefrontContext, request: Request) -> ShopperTokens:
    return await service_auth.sign_in(
        ctx.uow(), settings=request.app.state.settings, data=body, locale=ctx.locale, address=client_address(request)
    )


@router.post("/api/v1/store/auth/sms-code", response_model=SmsCodeSent, summary="Text a sign-in code to a phone")
async def sms_code(body: SmsCodeRequest, ctx: StorefrontContext, request: Request, sms: SmsProviderDep) -> SmsCodeSent:
    return await service_auth.request_sms_code(
        ctx.uow(), settings=request.app.state.settings, sms=sms, phone=body.phone, locale=ctx.locale
    )


@router.post(
    "/api/v1/store/auth/wechat",
    response_model=ShopperTokens,
    summary="Sign in from a WeChat mini-program",
    responses={503: problem("wechat_unavailable: WeChat sign-in is not configured, or WeChat did not answer")},
)
async def wechat(
    body: WeChatSignInRequest, ctx: StorefrontContext, request: Request, auth: WeChatAuthDep
) -> ShopperTokens:
    return await service_wechat.sign_in_wechat(
        ctx.uow(),
        settings=request.app.state.settings,
        wechat=auth,
        code=body.code,
        cart_id=body.cart_id,
        locale=ctx.locale,
    )


@router.post("/api/v1/store/auth/refresh", response_model=ShopperTokens, summary="Exchange a shopper refresh token")
async def refresh(body: RefreshRequest, request: Request) -> ShopperTokens:
    return await service_auth.refresh(
        get_db(request).uow(), settings=request.app.state.settings, refresh_token=body.refresh_token
    )


@router.post("/api/v1/store/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke this sign-in")
async def logout(request: Request, session: CurrentShopperSession) -> None:
    principal, session_id = session
    await service_auth.sign_out(get_db(request).uow(tenant_id=principal.tenant.id), session_id=session_id)


@router.get("/api/v1/store/me", response_model=CustomerRead, summary="The signed-in shopper")
async def me(ctx: ShopperContext) -> CustomerRead:
    return await service.get_me(ctx.uow())


@router.patch("/api/v1/store/me", response_model=CustomerRead, summary="Change my name or language")
async def update_me(body: MeUpdate, ctx: ShopperContext) -> CustomerRead:
    return await service.update_me(ctx.uow(), data=body)


@router.post(
    "/api/v1/store/me/identities/phone", response_model=CustomerRead, summary="Link a phone to my account by its code",
    responses={409: problem("identity_taken: the phone belongs to another account of the shop")},
)  # fmt: skip
async def link_my_phone(body: PhoneLink, ctx: ShopperContext, request: Request) -> CustomerRead:
    return await service_identities.link_my_phone(ctx.uow(), settings=request.app.state.settings, data=body)


@router.get("/api/v1/store/me/addresses", response_model=list[AddressRead], summary="My addresses, default first")
async def list_addresses(ctx: ShopperContext) -> list[AddressRead]:
    return await service_addresses.list_my_addresses(ctx.uow())


@router.post("/api/v1/store/me/addresses", response_model=AddressRead, status_code=201, summary="Add an address")
async def add_address(body: AddressCreate, ctx: ShopperContext) -> AddressRead:
    return await service_addresses.add_address(ctx.uow(), data=body)


@router.get(ADDRESS, response_model=AddressRead, summary="One of my addresses")
async def get_address(address_id: str, ctx: ShopperContext) -> AddressRead:
    return await service_addresses.get_my_address(ctx.uow(), address_id=address_id)


@router.patch(ADDRESS, response_model=AddressRead, summary="Change an address or make it the default")
async def update_address(address_id: str, body: AddressUpdate, ctx: ShopperContext) -> AddressRead:
    return await service_addresses.update_address(ctx.uow(), address_id=address_id, data=body)


@router.delete(ADDRESS, status_code=status.HTTP_204_NO_CONTENT, summary="Delete an address")
async def delete_address(address_id: str, ctx: ShopperContext) -> None:
    await service_addresses.delete_address(ctx.uow(), address_id=address_id)
