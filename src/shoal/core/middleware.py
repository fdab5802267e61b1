"""One pure ASGI middleware for what every request needs: a request id, logs bound to it, metrics.

Pure ASGI (``core.asgi``), since Starlette's BaseHTTPMiddleware costs a large share of a fast request's time.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from shoal.core.asgi import HttpMiddleware
from shoal.core.ids import new_id
from shoal.core.metrics import LATENCY, REQUESTS


class RequestObservability(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        request_id = _request_id(Headers(scope=scope).get("x-request-id", ""))
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id, path=scope.get("path", ""))
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.clear_contextvars()
            route = _route_template(scope)
            REQUESTS.labels(scope.get("method", ""), route, str(status["code"])).inc()
            LATENCY.labels(scope.get("method", ""), route).observe(time.perf_counter() - started)


def _request_id(sent: str) -> str:
    """Keep the client's id when it is sane, so a complaint can be traced; else make one."""
    return sent if 0 < len(sent) <= 64 and sent.isprintable() else new_id()


def _route_template(scope: dict[str, Any]) -> str:
    """Label by route template, never the raw path, so ids do not explode the metric's cardinality."""
    return getattr(scope.get("route"), "path", "unmatched")
