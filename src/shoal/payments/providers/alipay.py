"""Alipay (open platform, RSA2): signed order strings, verified async notifications and refunds.

Signing: every request parameter except ``sign`` and empty values, sorted by name, joined as ``k=v``
with ``&``, signed SHA256withRSA with the app key. Notifications arrive form-encoded; ``sign`` and
``sign_type`` are removed, the rest (URL-decoded) are joined the same way and verified with the
Alipay public key. Alipay retries notifications for 25 hours, so there is no freshness window here:
replays are harmless because applying a notification is idempotent (see the payments service).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode
from zoneinfo import ZoneInfo

from shoal.core.clock import Clock
from shoal.core.money import format_amount, parse_decimal_amount
from shoal.payments.providers import alipay_micropay
from shoal.payments.providers.base import (
    Ack,
    HttpTransport,
    Notification,
    PaymentRequest,
    PaymentStatus,
    ProviderPayment,
    ProviderRefund,
    RefundRequest,
)
from shoal.payments.providers.crypto import load_private_key, load_public_key, rsa_sign, rsa_verify
from shoal.payments.providers.errors import ForgedNotification, PayerRequired, ProviderFailed
from shoal.payments.providers.micropay import Polling

GATEWAY = "https://openapi.alipay.com/gateway.do"
BEIJING = ZoneInfo("Asia/Shanghai")
TRADE_STATES: dict[str, PaymentStatus] = {
    "TRADE_SUCCESS": "succeeded",
    "TRADE_FINISHED": "succeeded",
    "TRADE_CLOSED": "failed",
}
SCENE_METHODS = {"mini_program": "alipay.trade.create", "wap": "alipay.trade.wap.pay", "app": "alipay.trade.app.pay"}
PRODUCT_CODES = {"wap": "QUICK_WAP_WAY", "app": "QUICK_MSECURITY_PAY"}


@dataclass(frozen=True, slots=True)
class AlipayConfig:
    app_id: str
    app_private_key: str  # PEM or bare base64 PKCS#8
    alipay_public_key: str  # PEM or bare base64, as the Alipay console shows it
    notify_url: str = ""
    seller_id: str = ""  # the merchant's PID; when set, notifications for another seller are refused
    gateway: str = GATEWAY


def signing_string(params: Mapping[str, str], *, exclude: tuple[str, ...] = ("sign",)) -> str:
    """The canonical ``k=v&k=v`` string: sorted names, empty values and ``exclude`` left out."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in exclude and v not in ("", None))


class AlipayProvider:
    name = "alipay"

    def __init__(
        self, config: AlipayConfig, *, transport: HttpTransport, clock: Clock, polling: Polling | None = None
    ) -> None:
        self.config = config
        self.polling = polling or Polling()
        self._transport = transport
        self._clock = clock
        self._private_key = load_private_key(config.app_private_key)
        self._alipay_key = load_public_key(config.alipay_public_key)

    def signed_params(self, method: str, biz_content: dict[str, Any], **extra: str) -> dict[str, str]:
        """The full, signed parameter set of one API call."""
        params = {
            "app_id": self.config.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": self._clock.now().astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz_content, ensure_ascii=False, separators=(",", ":")),
            **extra,
        }
        return {**params, "sign": rsa_sign(self._private_key, signing_string(params))}

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment:
        biz: dict[str, Any] = {
            "out_trade_no": request.out_trade_no,
            "total_amount": format_amount(request.amount, request.currency),
            "subject": request.description[:256],
        }
        notify = {"notify_url": self.config.notify_url} if self.config.notify_url else {}
        if request.scene == "mini_program":
            if not request.payer_id:
                raise PayerRequired(provider=self.name)
            answer = await self._call(SCENE_METHODS["mini_program"], {**biz, "buyer_id": request.payer_id}, notify)
            trade_no = str(answer.get("trade_no") or "")
            if not trade_no:
                raise ProviderFailed(provider=self.name, reason="no trade_no in the answer")
            return ProviderPayment(request.out_trade_no, {"tradeNO": trade_no}, trade_no)
        params = self.signed_params(
            SCENE_METHODS[request.scene], {**biz, "product_code": PRODUCT_CODES[request.scene]}, **notify
        )
        order_string = "&".join(f"{k}={quote_plus(v)}" for k, v in sorted(params.items()))
        if request.scene == "app":
            return ProviderPayment(request.out_trade_no, {"order_string": order_string})
        return ProviderPayment(request.out_trade_no, {"pay_url": f"{self.config.gateway}?{order_string}"})

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        try:
            params = dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ForgedNotification(reason="malformed form body") from exc
        signature = params.get("sign", "")
        if params.get("sign_type", "RSA2") != "RSA2":
            raise ForgedNotification(reason="unsupported sign_type")
        if not signature or not rsa_verify(
            self._alipay_key, signing_string(params, exclude=("sign", "sign_type")), signature
        ):
            raise ForgedNotification(reason="bad signature")
        if params.get("app_id") != self.config.app_id:
            raise ForgedNotification(reason="another app's notification")
        if self.config.seller_id and params.get("seller_id") != self.config.seller_id:
            raise ForgedNotification(reason="another seller's notification")
        try:
            amount = parse_decimal_amount(params["total_amount"], "CNY")
            state = params["trade_status"]
            return Notification(
                provider=self.name,
                event=state,
                out_trade_no=params["out_trade_no"],
                transaction_id=params["trade_no"],
                status=TRADE_STATES.get(state, "pending"),
                provider_state=state,
                amount=amount,
                currency="CNY",
                payer=params.get("buyer_id") or params.get("buyer_logon_id"),
                raw={k: v for k, v in params.items() if k != "sign"},
            )
        except (KeyError, ValueError) as exc:
            raise ForgedNotification(reason="malformed notification") from exc

    def notification_ack(self) -> Ack:
        return Ack(200, "text/plain", b"success")

    def notification_rejection(self, reason: str) -> Ack:
        return Ack(400, "text/plain", b"fail")

    async def micropay(self, request: PaymentRequest, auth_code: str) -> Notification:
        """A scanned payment code: ``alipay.trade.pay`` (scene ``bar_code``), then query and cancel as Alipay's
        docs ask (``alipay_micropay``)."""
        return await alipay_micropay.take(self, request, auth_code, self.polling)

    async def refund(self, request: RefundRequest) -> ProviderRefund:
        biz = {
            "out_trade_no": request.out_trade_no,
            "out_request_no": request.out_refund_no,
            "refund_amount": format_amount(request.amount, request.currency),
        }
        if request.reason:
            biz["refund_reason"] = request.reason[:256]
        answer = await self._call("alipay.trade.refund", biz, {})
        status = "succeeded" if answer.get("fund_change") == "Y" else "pending"
        return ProviderRefund(request.out_refund_no, str(answer.get("trade_no") or ""), status)

    async def _call(self, method: str, biz: dict[str, Any], extra: dict[str, str]) -> dict[str, Any]:
        """Call the gateway and require success (``code`` 10000)."""
        answer = await self.answer(method, biz, extra)
        if answer.get("code") != "10000":
            raise ProviderFailed(provider=self.name, reason=failure_reason(answer))
        return answer

    async def answer(self, method: str, biz: dict[str, Any], extra: dict[str, str] | None = None) -> dict[str, Any]:
        """Call the gateway; the answer's ``<method>_response`` object must carry Alipay's signature. Any ``code``
        is returned: the payment-code flow tells waiting (10003) and unknown (20000) from refusals."""
        body = urlencode(self.signed_params(method, biz, **(extra or {}))).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
        response = await self._transport.post(self.config.gateway, headers, body)
        if response.status != 200:
            raise ProviderFailed(provider=self.name, reason=f"HTTP {response.status}")
        key = method.replace(".", "_") + "_response"
        try:
            text = response.body.decode()
            signed, signature = _signed_part(text, key)
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise ProviderFailed(provider=self.name, reason="unreadable answer") from exc
        if not rsa_verify(self._alipay_key, signed, signature):
            raise ProviderFailed(provider=self.name, reason="answer not signed by Alipay")
        return dict(json.loads(signed))


def failure_reason(answer: Mapping[str, Any]) -> str:
    return f"{answer.get('sub_code') or answer.get('code')}: {answer.get('sub_msg') or answer.get('msg')}"


def _signed_part(text: str, key: str) -> tuple[str, str]:
    """Alipay signs the exact bytes of the ``<method>_response`` value, so cut them out verbatim."""
    document = json.loads(text)
    marker = text.index(f'"{key}"') + len(key) + 2
    start = text.index(":", marker) + 1
    while text[start].isspace():
        start += 1
    _, end = json.JSONDecoder().raw_decode(text, start)
    return text[start:end], str(document["sign"])
