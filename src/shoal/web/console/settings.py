"""Console settings: the shop's details (店铺信息: name, logo, 客服电话) and its own payment accounts (支付设置:
WeChat Pay v3 and Alipay). Secrets are typed in and never shown back: the page shows 已设置 and their last four
characters, and a secret left blank keeps the stored one. Permissions (``settings.manage``) and every check are
the services'; a refusal shows beside the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.identity import service_shop
from shoal.identity.service_shop import ShopUpdate
from shoal.payments import service_settings
from shoal.payments.schemas_settings import AlipayCredentialsIn, WeChatPayCredentialsIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import FORM_ERROR, errors_of
from shoal.web.i18n import translations
from shoal.web.media import ImageRejected, discard, store_image
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/settings", route_class=WebRoute, include_in_schema=False)
SCHEMAS: dict[str, type[WeChatPayCredentialsIn] | type[AlipayCredentialsIn]] = {
    "wechatpay": WeChatPayCredentialsIn,
    "alipay": AlipayCredentialsIn,
}


@router.get("/shop", response_class=HTMLResponse)
async def shop_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    ctx.actor.require(service_shop.PERMISSION)
    shop = await service_shop.get_shop(ctx.uow())
    return render(request, "console/settings_shop.html", {"shop": shop, "values": shop.model_dump(), "errors": {}})


@router.post("/shop", response_class=HTMLResponse)
async def save_shop(request: Request, ctx: ConsoleContext) -> Response:
    ctx.actor.require(service_shop.PERMISSION)  # refused before an upload is stored, in the page's flash area
    form = await request.form()
    values = {key: str(form.get(key) or "").strip() for key in ("name", "service_phone")}
    changes: dict[str, Any] = {"name": values["name"], "service_phone": values["service_phone"] or None}
    errors: dict[str, str] = {}
    saved: list[tuple[str, Path]] = []
    upload = form.get("logo")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            saved.append(await store_image(upload, request.app.state.settings.media_dir, f"{ctx.tenant.id}/shop"))
            changes["logo_url"] = saved[0][0]
        except ImageRejected:
            errors["logo"] = translations(ctx.locale).gettext("Upload a JPEG, PNG, WebP or GIF image of at most 5 MB.")
    elif form.get("remove_logo") == "on":
        changes["logo_url"] = None
    if not errors:
        try:
            await service_shop.update_shop(ctx.uow(), data=ShopUpdate.model_validate(changes))
            return Response(status_code=204, headers={"HX-Redirect": "/console/settings/shop"})
        except (ShoalError, ValidationError) as exc:
            errors = errors_of(request, exc)
    discard(saved)
    shop = await service_shop.get_shop(ctx.uow())
    return render(request, "console/settings_shop.html", {"shop": shop, "values": values, "errors": errors}, status=422)


@router.get("/payments", response_class=HTMLResponse)
async def payments_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/settings_payments.html", await _payments_context(request, ctx, {}, {}))


@router.post("/payments/{provider}", response_class=HTMLResponse)
async def save_payments(request: Request, ctx: ConsoleContext, provider: str) -> Response:
    if provider not in SCHEMAS:
        raise NotFound("payment_provider", id=provider)
    form = await request.form()
    values = {key: str(value).strip() for key, value in form.items() if isinstance(value, str)}
    try:
        data = SCHEMAS[provider].model_validate(_credentials_body(provider, values))
        await service_settings.save_credentials(ctx.uow(), settings=request.app.state.settings, data=data)
    except (ShoalError, ValidationError) as exc:
        errors = {provider: {_input(path): message for path, message in errors_of(request, exc).items()}}
        shown = {provider: {k: v for k, v in values.items() if k in IDENTIFIERS[provider]}}
        return render(request, "console/settings_payments.html", await _payments_context(request, ctx, shown, errors),
                      status=422)  # fmt: skip
    return Response(status_code=204, headers={"HX-Redirect": "/console/settings/payments"})


@router.post("/payments/{provider}/delete")
async def delete_payments(ctx: ConsoleContext, provider: str) -> Response:
    await service_settings.delete_credentials(ctx.uow(), provider=provider)
    return Response(status_code=204, headers={"HX-Redirect": "/console/settings/payments"})


IDENTIFIERS = {"wechatpay": ("mchid", "appid", "merchant_serial", "notify_url"),
               "alipay": ("app_id", "seller_id", "notify_url")}  # fmt: skip


def _credentials_body(provider: str, values: dict[str, str]) -> dict[str, Any]:
    """The form as the schema reads it: blank secrets are left out (kept), the platform key is one serial and
    one PEM (WeChat Pay's 平台证书 or 平台公钥)."""
    body: dict[str, Any] = {key: values.get(key, "") for key in IDENTIFIERS[provider]}
    for name in service_settings.SECRETS[provider]:
        if name != "platform_keys" and values.get(name):
            body[name] = values[name]
    if provider == "wechatpay" and (values.get("platform_serial") or values.get("platform_keys")):
        body["platform_keys"] = {values.get("platform_serial", ""): values.get("platform_keys", "")}
    return body


def _input(path: str) -> str:
    return path.split(".")[0] or FORM_ERROR


async def _payments_context(
    request: Request, ctx: RequestContext, values: dict[str, dict[str, str]], errors: dict[str, dict[str, str]]
) -> dict[str, Any]:
    stored = {c.provider: c for c in await service_settings.list_credentials(ctx.uow())}
    notify = {p: f"{str(request.base_url).rstrip('/')}/api/v1/payments/{p}/notify/{ctx.tenant.id}" for p in SCHEMAS}
    filled = {
        p: values.get(p) or (stored[p].identifiers if p in stored else {"notify_url": notify[p]}) for p in SCHEMAS
    }
    return {"stored": stored, "values": filled, "errors": errors, "notify": notify}
