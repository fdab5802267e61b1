"""The real network for provider calls: the standard library in a thread, so it adds no dependency."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlsplit

from shoal.payments.providers.base import HttpResponse
from shoal.payments.providers.errors import ProviderFailed


class UrllibTransport:
    def __init__(self, *, timeout: float = 10.0) -> None:
        self._timeout = timeout

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse:
        return await asyncio.to_thread(self._post, url, dict(headers), body)

    def _post(self, url: str, headers: dict[str, str], body: bytes) -> HttpResponse:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return HttpResponse(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            return HttpResponse(error.code, dict(error.headers.items()), error.read())
        except OSError as error:
            raise ProviderFailed(provider=urlsplit(url).hostname or url, reason="unreachable") from error
