"""Posting to another service over HTTP: the standard library in a thread, so it adds no dependency.

Payment providers and parcel tracking both call out through ``post``; each turns ``Unreachable`` (and any
status it does not accept) into its own domain error.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes


class Unreachable(Exception):
    """No answer at all: the name did not resolve, the connection failed or timed out."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.reason = type(cause).__name__


async def post(url: str, headers: Mapping[str, str], body: bytes, *, timeout_seconds: float) -> HttpResponse:
    """Any answer, an error status included, is a response; only no answer at all raises ``Unreachable``."""
    return await asyncio.to_thread(_send, "POST", url, dict(headers), body, timeout_seconds)


async def get(url: str, headers: Mapping[str, str], *, timeout_seconds: float) -> HttpResponse:
    """As ``post``, for a query (a payout's state): no body."""
    return await asyncio.to_thread(_send, "GET", url, dict(headers), None, timeout_seconds)


def _send(method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: float) -> HttpResponse:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpResponse(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return HttpResponse(error.code, dict(error.headers.items()), error.read())
    except OSError as error:
        raise Unreachable(error) from error
