"""Fakes of the payment-code endpoints of Alipay and WeChat Pay v2, behind ``httpx.MockTransport``.

Each checks the signature of every request it gets (Alipay: RSA2 with the app's public key; WeChat: HMAC-SHA256
with the API v2 key, computed here independently of the code under test), records it, and answers from a script:
per method or path, a list of answers where the last one repeats; ``None`` is a network fault.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from shoal.payments.providers.crypto import rsa_sign, rsa_verify
from shoal.payments.providers.httpx_transport import HttpxTransport
from shoal.payments.providers.micropay import Polling

APIV2_KEY = "192006250b4c09247ec02edce69f6a2d"


@dataclass
class Sleeps:
    """A ``Polling.sleep`` that records instead of waiting."""

    seconds: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def fast_polling(sleeps: Sleeps | None = None) -> Polling:
    return Polling(sleep=sleeps or Sleeps())


def _next(script: dict[str, list[Any]], name: str) -> Any:
    queue = script[name]
    answer = queue.pop(0) if len(queue) > 1 else queue[0]
    if answer is None:
        raise httpx.ConnectError("the network is down")
    return answer


@dataclass
class FakeAlipay:
    app_public_key: rsa.RSAPublicKey
    alipay_key: rsa.RSAPrivateKey
    script: dict[str, list[Any]]
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def transport(self) -> HttpxTransport:
        return HttpxTransport(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        params = dict(parse_qsl(request.content.decode()))
        message = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v)
        assert rsa_verify(self.app_public_key, message, params["sign"]), "request not signed by the app key"
        method = params["method"]
        self.calls.append((method, json.loads(params["biz_content"])))
        inner = json.dumps(_next(self.script, method), ensure_ascii=False, separators=(",", ":"))
        name = method.replace(".", "_") + "_response"
        return httpx.Response(200, content=f'{{"{name}":{inner},"sign":"{rsa_sign(self.alipay_key, inner)}"}}')

    @property
    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]


def v2_sign(params: dict[str, str], key: str = APIV2_KEY) -> str:
    text = "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign" and params[k]) + f"&key={key}"
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


@dataclass
class FakeWeChatV2:
    """``transport()`` is the plain network; its ``with_client_cert`` gives the one that presents the merchant
    certificate, and the fake answers a ``/secapi/`` path only over that one."""

    script: dict[str, list[Any]]
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    cert: tuple[str, str] | None = None
    forge: bool = False

    def transport(self) -> _Network:
        return _Network(self)

    def handle(self, request: httpx.Request, *, secure: bool) -> httpx.Response:
        path = urlsplit(str(request.url)).path
        assert secure == path.startswith("/secapi/"), f"{path} sent {'with' if secure else 'without'} the cert"
        params = {child.tag: child.text or "" for child in ElementTree.fromstring(request.content)}
        assert params["sign_type"] == "HMAC-SHA256" and params["sign"] == v2_sign(params), "request badly signed"
        self.calls.append((path, params))
        answer = {"return_code": "SUCCESS", "appid": params["appid"], "mch_id": params["mch_id"],
                  "nonce_str": "5K8264ILTKCH16CQ", **_next(self.script, path)}  # fmt: skip
        answer["sign"] = v2_sign(answer, "0" * 32 if self.forge else APIV2_KEY)
        return httpx.Response(200, content="<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in answer.items()) + "</xml>")

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.calls]


class _Network:
    def __init__(self, fake: FakeWeChatV2) -> None:
        self._fake = fake
        self._plain = HttpxTransport(transport=httpx.MockTransport(partial(fake.handle, secure=False)))

    async def post(self, url: str, headers: Any, body: bytes) -> Any:
        return await self._plain.post(url, headers, body)

    def with_client_cert(self, certificate: str, private_key: str) -> HttpxTransport:
        self._fake.cert = (certificate, private_key)
        return HttpxTransport(transport=httpx.MockTransport(partial(self._fake.handle, secure=True)))
