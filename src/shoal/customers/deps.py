"""FastAPI dependencies: shopper bearer tokens to request contexts, and the SMS and WeChat providers.

Other domains (cart, orders, checkout) use ``ShopperContext`` for routes that need a signed-in shopper
and ``OptionalShopperContext`` for routes an anonymous visitor may call too. Both build the context from the
token's signed claims and check its session in the request's first transaction (``core.guard``), or when the
handler returns if it opened none: dependencies with ``yield`` of scope ``function``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db, on_the_loop, storefront_context, storefront_tenant
from shoal.core.i18n import negotiate_locale
from shoal.customers.errors import WeChatUnavailable
from shoal.customers.service_auth import ShopperPrincipal, authenticate, claimed_principal
from shoal.customers.sms import LoggingSmsProvider, SmsProvider
from shoal.customers.wechat import WeChatAuth, configured_wechat_auth

shopper_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ShopperBearer",
    description="Shopper access token from POST /api/v1/store/auth/token",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(shopper_bearer)]


async def shopper_session(request: Request, credentials: Credentials) -> tuple[ShopperPrincipal, str]:
    """The principal and session id of a required shopper token, its session checked at once (sign-out)."""
    if credentials is None:
        raise Unauthenticated()
    principal, session_id = await authenticate(
        get_db(request), settings=request.app.state.settings, token=credentials.credentials
    )
    _same_shop(request, principal)
    return principal, session_id


def _same_shop(request: Request, principal: ShopperPrincipal) -> None:
    """A token of one shop presented with another shop's ``X-Shoal-Tenant`` header is refused rather than
    silently served."""
    header = request.headers.get("x-shoal-tenant")
    if header is not None and header.strip() != principal.tenant.slug:
        raise Unauthenticated()


async def _guarded_context(request: Request, token: str) -> RequestContext:
    """The shopper's context from the token's claims; its session is checked in the request's first transaction
    (``core.guard``), or by ``settle`` when the handler returns."""
    db = get_db(request)
    principal, _session_id, guard = await claimed_principal(db, settings=request.app.state.settings, token=token)
    _same_shop(request, principal)
    header = request.headers.get("accept-language")
    locale = negotiate_locale(header, principal.locale) if header else principal.locale
    return RequestContext(db, principal.tenant, principal.actor, locale, guard)


async def shopper_context(request: Request, credentials: Credentials) -> AsyncIterator[RequestContext]:
    if credentials is None:
        raise Unauthenticated()
    context = await _guarded_context(request, credentials.credentials)
    yield context
    await context.settle()


async def optional_shopper_context(
    request: Request,
    credentials: Credentials,
    x_shoal_tenant: Annotated[str | None, Header(description="The shop's slug, when no token is sent.")] = None,
) -> AsyncIterator[RequestContext]:
    """A signed-in shopper's context when a token is sent, else the anonymous storefront context."""
    if credentials is None:
        yield await storefront_context(request, await storefront_tenant(request, x_shoal_tenant))
        return
    context = await _guarded_context(request, credentials.credentials)
    yield context
    await context.settle()


def sms_provider(request: Request) -> SmsProvider:
    """The app's SMS provider (``app.state.sms_provider``); the logging one until a gateway is set."""
    state = request.app.state
    if getattr(state, "sms_provider", None) is None:
        state.sms_provider = LoggingSmsProvider()
    return state.sms_provider


def wechat_auth(request: Request) -> WeChatAuth:
    """The app's WeChat exchange (``app.state.wechat_auth``), else the configured real one."""
    state = request.app.state
    if getattr(state, "wechat_auth", None) is None:
        state.wechat_auth = configured_wechat_auth()
    if state.wechat_auth is None:
        raise WeChatUnavailable()
    return state.wechat_auth


ShopperContext = Annotated[RequestContext, Depends(shopper_context, scope="function")]
OptionalShopperContext = Annotated[RequestContext, Depends(optional_shopper_context, scope="function")]
CurrentShopperSession = Annotated[tuple[ShopperPrincipal, str], Depends(shopper_session)]
SmsProviderDep = Annotated[SmsProvider, Depends(on_the_loop(sms_provider))]
WeChatAuthDep = Annotated[WeChatAuth, Depends(on_the_loop(wechat_auth))]
