"""FastAPI dependencies that turn a staff bearer token into a request context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db
from shoal.core.i18n import negotiate_locale
from shoal.identity.service import StaffPrincipal, authenticate

bearer = HTTPBearer(auto_error=False, description="Staff access token from POST /api/v1/auth/token")


async def staff_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> StaffPrincipal:
    if credentials is None:
        raise Unauthenticated()
    return await authenticate(get_db(request), settings=request.app.state.settings, token=credentials.credentials)


async def staff_context(
    request: Request, principal: Annotated[StaffPrincipal, Depends(staff_principal)]
) -> RequestContext:
    header = request.headers.get("accept-language")
    locale = negotiate_locale(header, principal.locale) if header else principal.locale
    return RequestContext(get_db(request), principal.tenant, principal.actor, locale)


StaffContext = Annotated[RequestContext, Depends(staff_context)]
