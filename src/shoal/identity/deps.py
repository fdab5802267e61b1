"""FastAPI dependencies that turn a staff bearer token into a request context.

The context is built from the token's signed claims; its session is checked in the request's first
transaction (``core.guard``), or when the handler returns if it opened none, before anything is answered:
hence a dependency with ``yield`` of scope ``function``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db
from shoal.core.i18n import negotiate_locale
from shoal.identity.service import StaffPrincipal, authenticate, claimed_principal

bearer = HTTPBearer(auto_error=False, description="Staff access token from POST /api/v1/auth/token")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def staff_principal(request: Request, credentials: Credentials) -> StaffPrincipal:
    """The token's principal, its session checked at once (sign-out)."""
    if credentials is None:
        raise Unauthenticated()
    return await authenticate(get_db(request), settings=request.app.state.settings, token=credentials.credentials)


async def staff_context(request: Request, credentials: Credentials) -> AsyncIterator[RequestContext]:
    if credentials is None:
        raise Unauthenticated()
    db = get_db(request)
    principal, guard = await claimed_principal(db, settings=request.app.state.settings, token=credentials.credentials)
    header = request.headers.get("accept-language")
    locale = negotiate_locale(header, principal.locale) if header else principal.locale
    context = RequestContext(db, principal.tenant, principal.actor, locale, guard)
    yield context
    await context.settle()


StaffContext = Annotated[RequestContext, Depends(staff_context, scope="function")]
