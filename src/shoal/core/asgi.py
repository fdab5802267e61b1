"""The base of Shoal's pure ASGI middlewares: they act on HTTP requests only.

Pure ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs each request in an
extra task and costs a large share of a fast request's time. Lifespan and websocket messages pass through
untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request, calling ``self.app`` to go on."""
        raise NotImplementedError
