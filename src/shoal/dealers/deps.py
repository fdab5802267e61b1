"""FastAPI dependency that turns a dealer bearer token into a request context (as ``identity.deps`` does for
staff): built from the signed claims, its session checked in the request's first transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shoal.core.context import RequestContext
from shoal.core.errors import Unauthenticated
from shoal.core.http import get_db
from shoal.core.i18n import negotiate_locale
from shoal.dealers.service_auth import claimed

bearer = HTTPBearer(auto_error=False, description="Dealer access token from POST /api/v1/dealer/auth/token")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def dealer_context(request: Request, credentials: Credentials) -> AsyncIterator[RequestContext]:
    if credentials is None:
        raise Unauthenticated()
    db = get_db(request)
    tenant, actor, locale, _session, guard = await claimed(
        db, settings=request.app.state.settings, token=credentials.credentials
    )
    header = request.headers.get("accept-language")
    context = RequestContext(db, tenant, actor, negotiate_locale(header, locale) if header else locale, guard)
    yield context
    await context.settle()


DealerContext = Annotated[RequestContext, Depends(dealer_context, scope="function")]
