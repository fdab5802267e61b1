"""Who is using the console: the staff session in the cookies, refreshed when the access token expires."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db
from shoal.identity.schemas import TokenPair
from shoal.identity.service import StaffPrincipal, authenticate, refresh
from shoal.web.cookies import CONSOLE_PATH, STAFF_ACCESS, STAFF_REFRESH, put


def keep_staff_tokens(request: Request, response: Response, pair: TokenPair) -> None:
    settings = request.app.state.settings
    put(request, response, STAFF_ACCESS, pair.access_token, path=CONSOLE_PATH)
    put(
        request,
        response,
        STAFF_REFRESH,
        pair.refresh_token,
        path=CONSOLE_PATH,
        max_age=settings.refresh_token_days * 24 * 3600,
    )


async def _principal(request: Request, response: Response) -> StaffPrincipal:
    db, settings = get_db(request), request.app.state.settings
    access = request.cookies.get(STAFF_ACCESS)
    if access:
        try:
            principal = await authenticate(db, settings=settings, token=access)
            request.state.staff_token = access
            return principal
        except Unauthenticated:
            pass
    refresh_token = request.cookies.get(STAFF_REFRESH)
    if not refresh_token:
        raise Unauthenticated()
    pair = await refresh(db.uow(), settings=settings, refresh_token=refresh_token)
    keep_staff_tokens(request, response, pair)
    request.state.staff_token = pair.access_token
    return await authenticate(db, settings=settings, token=pair.access_token)


async def console_context(request: Request, response: Response) -> RequestContext:
    principal = await _principal(request, response)
    request.state.locale = principal.locale
    request.state.actor = principal.actor
    request.state.tenant = principal.tenant
    return RequestContext(get_db(request), principal.tenant, principal.actor, principal.locale)


ConsoleContext = Annotated[RequestContext, Depends(console_context)]
