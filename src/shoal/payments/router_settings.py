"""A shop's own payment credentials over HTTP (``/api/v1/admin/payment-settings``): owners and admins only;
secrets go in, and only their last four characters come out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shoal.identity.deps import StaffContext
from shoal.payments import service_settings
from shoal.payments.schemas_settings import AlipayCredentialsIn, CredentialsRead, WeChatPayCredentialsIn

router = APIRouter(prefix="/api/v1/admin/payment-settings", tags=["payments"])


@router.get("", response_model=list[CredentialsRead], summary="The shop's own payment accounts (masked)")
async def list_settings(ctx: StaffContext) -> list[CredentialsRead]:
    return await service_settings.list_credentials(ctx.uow())


@router.put("/wechatpay", response_model=CredentialsRead, summary="Save the shop's WeChat Pay merchant account")
async def save_wechatpay(body: WeChatPayCredentialsIn, request: Request, ctx: StaffContext) -> CredentialsRead:
    return await service_settings.save_credentials(ctx.uow(), settings=request.app.state.settings, data=body)


@router.put("/alipay", response_model=CredentialsRead, summary="Save the shop's Alipay app")
async def save_alipay(body: AlipayCredentialsIn, request: Request, ctx: StaffContext) -> CredentialsRead:
    return await service_settings.save_credentials(ctx.uow(), settings=request.app.state.settings, data=body)


@router.delete("/{provider}", status_code=204, summary="Forget the shop's own account with a provider")
async def delete_settings(provider: str, ctx: StaffContext) -> Response:
    await service_settings.delete_credentials(ctx.uow(), provider=provider)
    return Response(status_code=204)
