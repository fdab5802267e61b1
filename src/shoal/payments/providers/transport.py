"""The real network for provider calls (``core.http_client``); no answer at all is ``ProviderFailed``."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from shoal.core.http_client import HttpResponse, Unreachable, post
from shoal.payments.providers.errors import ProviderFailed
from shoal.payments.providers.httpx_transport import HttpxTransport


class UrllibTransport:
    def __init__(self, *, timeout: float = 10.0) -> None:
        self._timeout = timeout

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse:
        try:
            return await post(url, headers, body, timeout_seconds=self._timeout)
        except Unreachable as error:
            raise ProviderFailed(provider=urlsplit(url).hostname or url, reason="unreachable") from error

    def with_client_cert(self, certificate: str, private_key: str) -> HttpxTransport:
        """A transport presenting the merchant's TLS client certificate (the standard library's cannot)."""
        return HttpxTransport(timeout=self._timeout).with_client_cert(certificate, private_key)
