"""Prometheus metrics: request counts and latency by route template (never by raw path).

``/metrics`` is not public: route names, traffic and error rates help an attacker. With
``SHOAL_METRICS_TOKEN`` set it answers only a scraper that sends ``Authorization: Bearer <token>``. Without
it, a server outside development (``Settings.is_development``: another environment or a secret key of its
own) answers 404, and only a developer's machine (``make run``, the demo) shows them to anyone. A token
rather than "loopback only": behind a reverse proxy on the same machine every request comes from loopback,
so a loopback rule would quietly publish the metrics.
"""

from __future__ import annotations

import hmac

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.exceptions import HTTPException

REQUESTS = Counter("shoal_http_requests_total", "HTTP requests handled", ["method", "route", "status"])
LATENCY = Histogram("shoal_http_request_seconds", "HTTP request latency", ["method", "route"])


def install_metrics_endpoint(app: FastAPI) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        settings = request.app.state.settings
        token = settings.metrics_token
        if not token and not settings.is_development:
            raise HTTPException(status_code=404)
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if token and not hmac.compare_digest(sent, token.encode()):
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
