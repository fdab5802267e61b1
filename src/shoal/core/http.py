"""HTTP plumbing shared by every router: problem+json errors, locale, tenant from header, paging.

Routers stay thin: they parse, authorise and call one service function.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shoal.core import network, tenant_cache
from shoal.core.actors import ANONYMOUS
from shoal.core.context import RequestContext
from shoal.core.errors import PROBLEM_BASE, ShoalError, TenantRequired, ValidationFailed
from shoal.core.i18n import negotiate_locale, pick
from shoal.core.overload import RETRY_AFTER_SECONDS, ServiceBusy, is_overload
from shoal.core.schemas import field_error_code
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database

log = logging.getLogger("shoal.http")
PROBLEM_JSON = "application/problem+json"
T = TypeVar("T")

LimitQuery = Annotated[int, Query(ge=1, le=100, description="Items per page (1–100).")]
CursorQuery = Annotated[str | None, Query(description="Opaque cursor from the previous page.")]


def get_db(request: Request) -> Database:
    return request.app.state.db


def on_the_loop(build: Callable[[Request], T]) -> Callable[[Request], Awaitable[T]]:
    """``build`` as a FastAPI dependency run on the event loop.

    FastAPI runs a plain ``def`` dependency in its thread pool: a thread hop and a hand-over of the GIL on
    every request that uses it. The app's shared objects (payment providers, SMS, payouts) are only read from
    ``app.state``, so their builders are wrapped rather than made ``async`` (other code calls them directly).
    """

    async def dependency(request: Request) -> T:
        return build(request)

    return dependency


def client_address(request: Request) -> str:
    """The client's network address, through trusted proxies only (``shoal.core.network``)."""
    trusted = network.trusted_networks(request.app.state.settings.trusted_proxies)
    peer = request.client.host if request.client else None
    return network.client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)


def get_locale(request: Request) -> str:
    return negotiate_locale(request.headers.get("accept-language"))


async def resolve_tenant(db: Database, slug: str) -> Tenant:
    """The active shop called ``slug`` (kept in memory for a few seconds: ``core.tenant_cache``)."""
    return await tenant_cache.active_tenant_by_slug(db, slug)


async def storefront_tenant(
    request: Request,
    x_shoal_tenant: Annotated[str | None, Header(description="The shop's slug, e.g. `demo`.")] = None,
) -> Tenant:
    """Anonymous storefront calls name their tenant in the ``X-Shoal-Tenant`` header (or the
    deployment's ``SHOAL_DEFAULT_TENANT`` applies)."""
    slug = (x_shoal_tenant or "").strip() or request.app.state.settings.default_tenant
    if not slug:
        raise TenantRequired()
    return await resolve_tenant(get_db(request), slug)


async def storefront_context(request: Request, tenant: Annotated[Tenant, Depends(storefront_tenant)]) -> RequestContext:
    return RequestContext(get_db(request), tenant, ANONYMOUS, get_locale(request))


def problem_response(body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_STATUS_CODES = {
    400: ("bad_request", {"en": "The request is malformed.", "zh-CN": "请求格式错误。"}),
    401: ("unauthenticated", {"en": "Sign in first.", "zh-CN": "请先登录。"}),
    403: ("forbidden", {"en": "You may not do this.", "zh-CN": "无权执行此操作。"}),
    404: ("not_found", {"en": "Nothing here: check the address.", "zh-CN": "地址不存在，请检查。"}),
    405: ("method_not_allowed", {"en": "This method is not allowed here.", "zh-CN": "不支持该请求方法。"}),
}


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        errors.append({"field": ".".join(loc), "code": field_error_code(err), "message": err.get("msg", "")})
    return errors


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ShoalError)
    async def _shoal_error(request: Request, exc: ShoalError) -> JSONResponse:
        headers = {"Retry-After": str(exc.params["retry_after"])} if "retry_after" in exc.params else None
        return problem_response(exc.problem(get_locale(request), request.url.path), exc.status, headers)

    @app.exception_handler(SQLAlchemyError)
    async def _database_error(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        """An overloaded database is "try again shortly" (503), not a fault (``core.overload``)."""
        if is_overload(exc):
            log.warning("database overloaded on %s %s: %s", request.method, request.url.path, type(exc).__name__)
            return await _shoal_error(request, ServiceBusy(retry_after=RETRY_AFTER_SECONDS))
        return await _unexpected(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        error = ValidationFailed(errors=_field_errors(exc))
        return problem_response(error.problem(get_locale(request), request.url.path), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, texts = _STATUS_CODES.get(exc.status_code, ("http_error", {"en": str(exc.detail)}))
        title = pick(texts, get_locale(request))
        body = {
            "type": PROBLEM_BASE + code,
            "title": title,
            "status": exc.status_code,
            "detail": title,
            "code": code,
            "instance": request.url.path,
        }
        return problem_response(body, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        texts = {
            "en": "Something went wrong on our side; try again, and tell us if it persists.",
            "zh-CN": "服务器出错了，请重试；如果持续出现请联系我们。",
        }
        title = pick(texts, get_locale(request))
        body = {
            "type": PROBLEM_BASE + "internal_error",
            "title": title,
            "status": 500,
            "detail": title,
            "code": "internal_error",
            "instance": request.url.path,
        }
        return problem_response(body, 500)
