"""Prometheus metrics: request counts and latency by route template (never by raw path).

``/metrics`` is not public: route names, traffic and error rates help an attacker. It answers only a
scraper that sends ``Authorization: Bearer <SHOAL_METRICS_TOKEN>``; without that setting it does not
exist (404). A token rather than "loopback only": behind a reverse proxy on the same machine every
request comes from loopback, so a loopback rule would quietly publish the metrics.
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
        token = request.app.state.settings.metrics_token
        if not token:
            raise HTTPException(status_code=404)
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(sent, token.encode()):
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
