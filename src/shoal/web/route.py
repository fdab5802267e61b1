"""The route class of every page: CSRF guard, sign-in redirects and errors rendered as pages.

Centralised here so that no page can forget them: a POST without HTMX's ``HX-Request`` header is
refused (a cross-site form cannot set it), an expired sign-in sends the browser to the right sign-in
page, and a domain error becomes a readable page in the user's language instead of problem+json.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import ValidationError

from shoal.core.errors import Forbidden, NotFound, ShoalError, Unauthenticated, ValidationFailed
from shoal.core.i18n import negotiate_locale
from shoal.web.cookies import LOCALE
from shoal.web.templating import render

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfRefused(Forbidden):
    code = "csrf_refused"
    message = {
        "en": "This form was not sent by a Shoal page. Reload the page and try again.",
        "zh-CN": "该表单并非来自 Shoal 页面，请刷新页面后重试。",
    }


def sign_in_url(request: Request) -> str:
    slug = request.path_params.get("tenant")
    portal = request.url.path.split("/")[1] if slug else ""  # a shop's or a dealer portal's own sign-in
    base = f"/{portal}/{slug}/login" if portal in ("shop", "dealer") else "/console/login"
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{base}?next={quote(target, safe='')}"


def _redirect(request: Request, url: str) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": url})
    return Response(status_code=303, headers={"Location": url})


def _ensure_locale(request: Request) -> None:
    if not hasattr(request.state, "locale"):
        request.state.locale = request.cookies.get(LOCALE) or negotiate_locale(request.headers.get("accept-language"))


class WebRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                if request.method not in SAFE_METHODS and request.headers.get("hx-request") != "true":
                    raise CsrfRefused(permission="csrf")
                return await handler(request)
            except Unauthenticated:
                return _redirect(request, sign_in_url(request))
            except (RequestValidationError, ValidationError) as exc:
                errors = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
                return _error_page(request, ValidationFailed(errors=errors))
            except ShoalError as exc:
                return _error_page(request, exc)

        return page


def _error_page(request: Request, exc: ShoalError) -> Response:
    _ensure_locale(request)
    shop = request.path_params.get("tenant") if request.url.path.startswith("/shop/") else None
    dealer = request.path_params.get("tenant") if request.url.path.startswith("/dealer/") else None
    template = "shop/error.html" if shop else "dealer/error.html" if dealer else "console/error.html"
    context = {"error": exc, "message": exc.render(request.state.locale), "slug": shop or dealer}
    if request.headers.get("hx-request"):
        # A failed button press shows its message in the page's flash area instead of replacing the page.
        return render(request, "flash.html", context, headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
    return render(request, template, context, status=404 if isinstance(exc, NotFound) else exc.status)
