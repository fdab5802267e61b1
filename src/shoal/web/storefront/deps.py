"""Who is shopping: the shop from the path, the shopper (if signed in) from the cookies of that shop."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from shoal.campaigns.sharing import service as sharing
from shoal.core.actors import ANONYMOUS
from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db, resolve_tenant
from shoal.core.i18n import SUPPORTED_LOCALES, negotiate_locale
from shoal.customers.schemas import ShopperTokens
from shoal.customers.service_auth import ShopperPrincipal, authenticate, refresh
from shoal.web.cookies import LOCALE, SHOPPER_ACCESS, SHOPPER_REFRESH, VISITOR, put, shop_path


def keep_shopper_tokens(request: Request, response: Response, slug: str, tokens: ShopperTokens) -> None:
    settings = request.app.state.settings
    put(request, response, SHOPPER_ACCESS, tokens.access_token, path=shop_path(slug))
    put(
        request,
        response,
        SHOPPER_REFRESH,
        tokens.refresh_token,
        path=shop_path(slug),
        max_age=settings.refresh_token_days * 24 * 3600,
    )


async def _shopper(request: Request, response: Response, slug: str) -> ShopperPrincipal | None:
    db, settings = get_db(request), request.app.state.settings
    access = request.cookies.get(SHOPPER_ACCESS)
    principal = None
    if access:
        try:
            principal, request.state.shopper_session = await authenticate(db, settings=settings, token=access)
        except Unauthenticated:
            principal = None
    refresh_token = request.cookies.get(SHOPPER_REFRESH)
    if principal is None and refresh_token:
        try:
            tokens = await refresh(db.uow(), settings=settings, refresh_token=refresh_token)
        except Unauthenticated:
            return None
        keep_shopper_tokens(request, response, slug, tokens)
        principal, request.state.shopper_session = await authenticate(db, settings=settings, token=tokens.access_token)
    if principal is not None and principal.tenant.slug != slug:
        return None
    return principal


async def shop_context(request: Request, response: Response, tenant: str) -> RequestContext:
    """The shopper's context when signed in to this shop, else an anonymous one (browsing needs no account)."""
    shop = await resolve_tenant(get_db(request), tenant)
    principal = await _shopper(request, response, shop.slug)
    chosen = request.cookies.get(LOCALE)
    if chosen not in SUPPORTED_LOCALES:
        fallback = principal.locale if principal else shop.default_locale
        chosen = negotiate_locale(request.headers.get("accept-language"), fallback)
    request.state.locale = chosen
    request.state.tenant = shop
    request.state.shopper = principal
    ctx = RequestContext(get_db(request), shop, principal.actor if principal else ANONYMOUS, chosen)
    if principal is not None and request.cookies.get(VISITOR):
        await _claim_share_visits(ctx, request.cookies[VISITOR])
    return ctx


async def _claim_share_visits(ctx: RequestContext, visitor_id: str) -> None:
    """Give this browser's anonymous share-link visits to the signed-in shopper, so the orders they place are
    attributed. The shop's sign-in cookies never reach ``/s/`` (they are scoped to ``/shop/{slug}``), so a
    visit is recorded against the ``shoal_visitor`` cookie (path ``/``) and claimed here, on the first page the
    shopper opens signed in: after following a link, or after signing in or registering."""
    await sharing.claim_visits(ctx.uow(), visitor_id=visitor_id, customer_id=ctx.actor.id)


async def shopper_only(ctx: Annotated[RequestContext, Depends(shop_context)]) -> RequestContext:
    if ctx.actor.kind != "shopper":
        raise Unauthenticated()
    return ctx


ShopContext = Annotated[RequestContext, Depends(shop_context)]
SignedInShopper = Annotated[RequestContext, Depends(shopper_only)]
