"""Who is using the dealer portal: the dealer session in the cookies of that shop's portal, refreshed when
the access token expires (as the console does for staff)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db
from shoal.dealers.service_auth import authenticate, refresh
from shoal.identity.schemas import TokenPair
from shoal.web.cookies import put

DEALER_ACCESS = "shoal_dealer"
DEALER_REFRESH = "shoal_dealer_refresh"


def portal_path(slug: str) -> str:
    """Dealer cookies are scoped to one shop's portal, so they never reach the console or the shop."""
    return f"/dealer/{slug}"


def keep_dealer_tokens(request: Request, response: Response, slug: str, pair: TokenPair) -> None:
    days = request.app.state.settings.refresh_token_days
    put(request, response, DEALER_ACCESS, pair.access_token, path=portal_path(slug))
    put(request, response, DEALER_REFRESH, pair.refresh_token, path=portal_path(slug), max_age=days * 24 * 3600)


async def portal_context(request: Request, response: Response, tenant: str) -> RequestContext:
    db, settings = get_db(request), request.app.state.settings
    found = None
    access = request.cookies.get(DEALER_ACCESS)
    if access:
        try:
            found = await authenticate(db, settings=settings, token=access)
        except Unauthenticated:
            found = None
    if found is None:
        refresh_token = request.cookies.get(DEALER_REFRESH)
        if not refresh_token:
            raise Unauthenticated()
        pair = await refresh(db.uow(), settings=settings, refresh_token=refresh_token)
        keep_dealer_tokens(request, response, tenant, pair)
        found = await authenticate(db, settings=settings, token=pair.access_token)
    shop, actor, locale, request.state.dealer_session = found
    if shop.slug != tenant:
        raise Unauthenticated()
    request.state.locale, request.state.tenant = locale, shop
    return RequestContext(db, shop, actor, locale)


PortalContext = Annotated[RequestContext, Depends(portal_context)]
