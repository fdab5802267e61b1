"""Structured JSON logs (structlog) with a request id on every line of a request.

The request id comes from the client's ``X-Request-ID`` when it sends a sane one, else it is made here,
and it is echoed in the response so a shopper's complaint can be traced to the log lines.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI, Request, Response

from shoal.core.ids import new_id


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def install_request_ids(app: FastAPI) -> None:
    @app.middleware("http")
    async def _request_id(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        sent = request.headers.get("x-request-id", "")
        request_id = sent if 0 < len(sent) <= 64 and sent.isprintable() else new_id()
        structlog.contextvars.bind_contextvars(request_id=request_id, path=request.url.path)
        try:
            response = await call_next(request)
        finally:
            structlog.contextvars.clear_contextvars()
        response.headers["X-Request-ID"] = request_id
        return response
