"""Prometheus metrics: request counts and latency by route template (never by raw path)."""

from __future__ import annotations

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter("shoal_http_requests_total", "HTTP requests handled", ["method", "route", "status"])
LATENCY = Histogram("shoal_http_request_seconds", "HTTP request latency", ["method", "route"])


def install_metrics_endpoint(app: FastAPI) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
