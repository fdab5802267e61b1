"""Security headers: every response is never sniffed, framed or sent with a referrer to other sites, and the
console and storefront pages carry a Content-Security-Policy.

The policy is the second wall behind escaping and URL checks (``shoal.core.media``): pages run scripts from
``/static`` only (no inline script, no ``eval``: page behaviour lives in static files, HTMX is configured by a
``<meta>``), load pictures from this site or an http(s) CDN (product images), post forms to this site only,
and no other site may frame them (clickjacking). Inline ``style`` attributes stay allowed: they carry layout,
not code, and HTMX adds its indicator styles inline. Uploads under ``/media`` are sandboxed, so a picture
opened on its own can never run as a page of this site.

Pure ASGI, like ``shoal.core.middleware``: it only adds headers to the response start.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from shoal.core.asgi import HttpMiddleware

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https: http:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
MEDIA_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
PAGE_PREFIXES = ("/console", "/shop")
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def policy_for(path: str) -> str | None:
    """The Content-Security-Policy of a path: pages and uploads get one; the API and its docs do not."""
    if path.startswith(PAGE_PREFIXES):
        return PAGE_POLICY
    if path.startswith("/media/"):
        return MEDIA_POLICY
    return None


class SecurityHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        policy = policy_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if policy:
                    headers.setdefault("Content-Security-Policy", policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
