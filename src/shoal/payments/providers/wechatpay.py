"""WeChat Pay API v3: JSAPI / mini-program prepay, verified notifications and refunds.

Requests are signed with the merchant key (``WECHATPAY2-SHA256-RSA2048``); WeChat's answers and
notifications are signed with a platform key, chosen by the ``Wechatpay-Serial`` header, over
``"{timestamp}\\n{nonce}\\n{body}\\n"``. A notification older or newer than five minutes by our clock
is refused (a replayed capture), and its ``resource`` is decrypted with the APIv3 key (AES-256-GCM).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shoal.core.clock import Clock
from shoal.payments.providers import wechat_micropay
from shoal.payments.providers.base import (
    Ack,
    HttpResponse,
    HttpTransport,
    Notification,
    PaymentRequest,
    PaymentStatus,
    ProviderPayment,
    ProviderRefund,
    RefundRequest,
    RefundStatus,
    lower_keys,
)
from shoal.payments.providers.crypto import (
    CryptoError,
    aead_decrypt,
    load_private_key,
    load_public_key,
    rsa_sign,
    rsa_verify,
)
from shoal.payments.providers.errors import (
    ForgedNotification,
    PayerRequired,
    ProviderFailed,
    SceneNotSupported,
)
from shoal.payments.providers.micropay import Polling

API_BASE = "https://api.mch.weixin.qq.com"
PREPAY_PATH = "/v3/pay/transactions/jsapi"
REFUND_PATH = "/v3/refund/domestic/refunds"
MAX_SKEW_SECONDS = 300
SCHEME = "WECHATPAY2-SHA256-RSA2048"

TRADE_STATES: dict[str, PaymentStatus] = {
    "SUCCESS": "succeeded",
    "CLOSED": "failed",
    "REVOKED": "failed",
    "PAYERROR": "failed",
}
REFUND_STATES: dict[str, RefundStatus] = {"SUCCESS": "succeeded", "PROCESSING": "pending"}


@dataclass(frozen=True, slots=True)
class WeChatPayConfig:
    mchid: str
    appid: str
    merchant_private_key: str  # PEM
    merchant_serial: str
    apiv3_key: str  # 32 ASCII characters
    platform_keys: Mapping[str, str] = field(default_factory=dict)  # serial -> PEM public key or certificate
    notify_url: str = ""
    api_base: str = API_BASE
    apiv2_key: str = ""  # API v2 key (32 characters): payment codes exist only in API v2
    merchant_cert: str = ""  # apiclient_cert.pem: v2 reversal authenticates with it (TLS client certificate)


class WeChatPayProvider:
    name = "wechatpay"

    def __init__(
        self, config: WeChatPayConfig, *, transport: HttpTransport, clock: Clock, polling: Polling | None = None
    ) -> None:
        if len(config.apiv3_key.encode()) != 32:
            raise ValueError("the WeChat Pay APIv3 key must be 32 bytes")
        self.config = config
        self.polling = polling or Polling()
        self._transport = transport
        self._clock = clock
        self._private_key = load_private_key(config.merchant_private_key)
        self._platform_keys = {serial.upper(): load_public_key(pem) for serial, pem in config.platform_keys.items()}

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment:
        if request.scene != "mini_program":
            raise SceneNotSupported(provider=self.name, scene=request.scene)
        if not request.payer_id:
            raise PayerRequired(provider=self.name)
        answer = await self._post(
            PREPAY_PATH,
            {
                "appid": self.config.appid,
                "mchid": self.config.mchid,
                "description": request.description[:127],
                "out_trade_no": request.out_trade_no,
                "notify_url": self.config.notify_url,
                "amount": {"total": request.amount, "currency": request.currency},
                "payer": {"openid": request.payer_id},
            },
        )
        prepay_id = answer.get("prepay_id")
        if not prepay_id:
            raise ProviderFailed(provider=self.name, reason="no prepay_id in the answer")
        return ProviderPayment(request.out_trade_no, self.client_pay_params(prepay_id), prepay_id)

    def client_pay_params(self, prepay_id: str) -> dict[str, str]:
        """What ``wx.requestPayment`` needs; ``paySign`` covers appId, timeStamp, nonceStr and package."""
        params = {
            "appId": self.config.appid,
            "timeStamp": str(int(self._clock.now().timestamp())),
            "nonceStr": secrets.token_hex(16),
            "package": f"prepay_id={prepay_id}",
            "signType": "RSA",
        }
        message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
        return {**params, "paySign": rsa_sign(self._private_key, message)}

    def authorization(self, method: str, path: str, body: str, *, timestamp: int, nonce: str) -> str:
        """The ``Authorization`` header of a merchant request (``path`` includes the query string)."""
        signature = rsa_sign(self._private_key, f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n")
        return (
            f'{SCHEME} mchid="{self.config.mchid}",nonce_str="{nonce}",signature="{signature}",'
            f'timestamp="{timestamp}",serial_no="{self.config.merchant_serial}"'
        )

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        text = self._verified_text(headers, body)
        try:
            envelope = json.loads(text)
            resource = envelope["resource"]
            if resource.get("algorithm") != "AEAD_AES_256_GCM":
                raise ForgedNotification(reason="unsupported algorithm")
            plain = aead_decrypt(
                self.config.apiv3_key.encode(),
                nonce=resource["nonce"],
                ciphertext=resource["ciphertext"],
                associated_data=resource.get("associated_data") or "",
            )
            transaction = json.loads(plain)
            amount = transaction["amount"]
            notification = Notification(
                provider=self.name,
                event=str(envelope.get("event_type", "TRANSACTION.SUCCESS")),
                out_trade_no=str(transaction["out_trade_no"]),
                transaction_id=str(transaction.get("transaction_id") or ""),
                status=TRADE_STATES.get(transaction["trade_state"], "pending"),
                provider_state=str(transaction["trade_state"]),
                amount=int(amount["total"]),
                currency=str(amount.get("currency", "CNY")),
                payer=(transaction.get("payer") or {}).get("openid"),
                raw=transaction,
            )
        except CryptoError as exc:
            raise ForgedNotification(reason="resource did not decrypt") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ForgedNotification(reason="malformed notification") from exc
        if transaction.get("mchid", self.config.mchid) != self.config.mchid:
            raise ForgedNotification(reason="another merchant's notification")
        if transaction.get("appid", self.config.appid) != self.config.appid:
            raise ForgedNotification(reason="another app's notification")
        return notification

    def notification_ack(self) -> Ack:
        return Ack(200, "application/json", b'{"code":"SUCCESS"}')

    def notification_rejection(self, reason: str) -> Ack:
        body = json.dumps({"code": "FAIL", "message": reason}, ensure_ascii=False).encode()
        return Ack(400, "application/json", body)

    async def micropay(self, request: PaymentRequest, auth_code: str) -> Notification:
        """A scanned payment code: v2 ``/pay/micropay``, then query and reverse as WeChat's docs ask
        (``wechat_micropay``); needs the API v2 key and the merchant API certificate."""
        return await wechat_micropay.take(self.config, self._transport, request, auth_code, self.polling)

    async def refund(self, request: RefundRequest) -> ProviderRefund:
        payload: dict[str, Any] = {
            "out_trade_no": request.out_trade_no,
            "out_refund_no": request.out_refund_no,
            "amount": {"refund": request.amount, "total": request.total, "currency": request.currency},
        }
        if request.reason:
            payload["reason"] = request.reason[:80]
        answer = await self._post(REFUND_PATH, payload)
        state = str(answer.get("status", ""))
        if not answer.get("refund_id"):
            raise ProviderFailed(provider=self.name, reason="no refund_id in the answer")
        return ProviderRefund(request.out_refund_no, str(answer["refund_id"]), REFUND_STATES.get(state, "failed"))

    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        timestamp = int(self._clock.now().timestamp())
        headers = {
            "Authorization": self.authorization("POST", path, body, timestamp=timestamp, nonce=secrets.token_hex(16)),
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        response = await self._transport.post(self.config.api_base + path, headers, body.encode())
        return self._verified_answer(response)

    def _verified_answer(self, response: HttpResponse) -> dict[str, Any]:
        """WeChat signs its answers like its notifications; an unsigned success is not trusted."""
        if not 200 <= response.status < 300:
            reason = _error_message(response.body) or f"HTTP {response.status}"
            raise ProviderFailed(provider=self.name, reason=reason)
        try:
            return json.loads(self._verified_text(response.headers, response.body))
        except ForgedNotification as exc:
            reason = f"answer not signed by WeChat Pay: {exc.params['reason']}"
            raise ProviderFailed(provider=self.name, reason=reason) from exc
        except ValueError as exc:
            raise ProviderFailed(provider=self.name, reason="answer is not JSON") from exc

    def _verified_text(self, headers: Mapping[str, str], body: bytes) -> str:
        found = lower_keys(headers)
        signature = found.get("wechatpay-signature")
        timestamp = found.get("wechatpay-timestamp", "")
        nonce = found.get("wechatpay-nonce")
        serial = found.get("wechatpay-serial", "").upper()
        if not signature or not nonce or not timestamp.isdigit():
            raise ForgedNotification(reason="signature headers missing")
        if found.get("wechatpay-signature-type", SCHEME) != SCHEME:
            raise ForgedNotification(reason="unsupported signature type")
        key = self._platform_keys.get(serial)
        if key is None:
            raise ForgedNotification(reason="unknown platform serial")
        if abs(int(self._clock.now().timestamp()) - int(timestamp)) >= MAX_SKEW_SECONDS:
            raise ForgedNotification(reason="timestamp too far from now")
        try:
            text = body.decode()
        except UnicodeDecodeError as exc:
            raise ForgedNotification(reason="body is not UTF-8") from exc
        if not rsa_verify(key, f"{timestamp}\n{nonce}\n{text}\n", signature):
            raise ForgedNotification(reason="bad signature")
        return text


def _error_message(body: bytes) -> str:
    try:
        answer = json.loads(body)
    except ValueError:
        return ""
    return f"{answer.get('code', '')}: {answer.get('message', '')}" if isinstance(answer, dict) else ""
