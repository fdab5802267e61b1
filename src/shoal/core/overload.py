"""Overload: a busy database is a 503 with ``Retry-After``, and checkouts cannot take every connection.

Two failures used to be 500s: the connection pool had no free connection within its timeout, and
PostgreSQL refused a new client (too many connections). Both mean "try again shortly", so both are a
503 problem+json ``service_busy`` with ``Retry-After`` (``is_overload``, used by the error handlers).

Checkouts of one hot variant queue on its stock row: each waits inside its transaction, holding a
pooled connection. Unbounded, a burst of them holds every connection and starves product pages, sign-in
and the console. So write-heavy checkout routes pass a per-process ``Bulkhead`` first: at most
``SHOAL_CHECKOUT_CONCURRENCY`` run at once, the rest wait for a slot without a connection, and one
that waits longer than ``SHOAL_CHECKOUT_QUEUE_SECONDS`` is told to retry (503). The limit is
below the pool size, so other requests always find a connection (see ``docs/architecture.md``).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from shoal.core.errors import ShoalError

# PostgreSQL refusing clients: too_many_connections, configuration_limit_exceeded, cannot_connect_now.
OVERLOAD_SQLSTATES = frozenset({"53300", "53400", "57P03"})
RETRY_AFTER_SECONDS = 2


class ServiceBusy(ShoalError):
    status = 503
    code = "service_busy"
    message = {
        "en": "We are very busy right now. Nothing was changed: try again in {retry_after} seconds.",
        "zh-CN": "当前访问人数过多，本次请求未做任何更改，请 {retry_after} 秒后重试。",
    }


def is_overload(exc: SQLAlchemyError) -> bool:
    """A pool timeout, or PostgreSQL refusing another client."""
    if isinstance(exc, PoolTimeout):
        return True
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in OVERLOAD_SQLSTATES


class Bulkhead:
    """At most ``limit`` holders at once; a caller that waits ``timeout`` seconds for a slot gets
    ``ServiceBusy``. Per process, like the connection pool it protects."""

    def __init__(self, limit: int, timeout: float) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._timeout = timeout

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(self._timeout):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise ServiceBusy(retry_after=max(RETRY_AFTER_SECONDS, math.ceil(self._timeout))) from exc
        try:
            yield
        finally:
            self._slots.release()


async def checkout_slot(request: Request) -> AsyncIterator[None]:
    """Route dependency of write-heavy checkout paths: hold a slot of the app's checkout bulkhead."""
    async with request.app.state.checkout_bulkhead.hold():
        yield
