"""Provider calls over httpx, with the merchant's TLS client certificate when an API needs one.

WeChat Pay's v2 reversal (``/secapi/pay/reverse``) authenticates the merchant by its API certificate
(apiclient_cert.pem with the merchant key) at the TLS layer; the standard-library transport cannot present one,
so ``UrllibTransport.with_client_cert`` hands over to this one. Tests pass an ``httpx.MockTransport`` as
``transport``: the same code runs without a network, and ``client_cert`` shows which calls carried the cert.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from shoal.core.http_client import HttpResponse
from shoal.payments.providers.errors import ProviderFailed


@dataclass(frozen=True, slots=True)
class ClientCert:
    certificate: str  # PEM
    private_key: str  # PEM


class HttpxTransport:
    def __init__(
        self,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        client_cert: ClientCert | None = None,
    ) -> None:
        self._timeout = timeout
        self._transport = transport
        self.client_cert = client_cert

    def with_client_cert(self, certificate: str, private_key: str) -> HttpxTransport:
        return HttpxTransport(
            timeout=self._timeout, transport=self._transport, client_cert=ClientCert(certificate, private_key)
        )

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse:
        verify: ssl.SSLContext | bool = True
        host = urlsplit(url).hostname or url
        if self.client_cert is not None and self._transport is None:
            verify = client_tls_context(self.client_cert, host)
        async with httpx.AsyncClient(transport=self._transport, verify=verify, timeout=self._timeout) as client:
            try:
                answer = await client.post(url, headers=dict(headers), content=body)
            except httpx.TransportError as exc:
                raise ProviderFailed(provider=host, reason="unreachable") from exc
        return HttpResponse(answer.status_code, dict(answer.headers.items()), answer.content)


def client_tls_context(cert: ClientCert, host: str) -> ssl.SSLContext:
    """``ssl`` loads a client certificate from files only: write both PEMs to a private temporary file, load it
    and remove it at once (the keys stay sealed at rest everywhere else)."""
    context = ssl.create_default_context()
    handle, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(handle, "w") as pem:
            pem.write(cert.certificate.strip() + "\n" + cert.private_key.strip() + "\n")
        context.load_cert_chain(path)
    except ssl.SSLError as exc:
        raise ProviderFailed(provider=host, reason="the merchant API certificate does not load") from exc
    finally:
        os.unlink(path)
    return context
