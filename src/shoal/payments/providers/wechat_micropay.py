"""WeChat Pay payment codes (付款码支付): only in API v2, so XML over HTTPS signed with the API v2 key.

``/pay/micropay`` answers ``result_code`` SUCCESS when the money is taken; ``err_code`` USERPAYING when the payer
must still confirm, SYSTEMERROR / BANKERROR (or no answer, or ``return_code`` FAIL) when the outcome is unknown,
and any other ``err_code`` (AUTHCODEEXPIRE, NOTENOUGH, ...) when the code is refused. Waiting or unknown:
``/pay/orderquery`` every ``Polling.interval_seconds`` until ``trade_state`` SUCCESS (paid) or PAYERROR / CLOSED /
REVOKED (not), and when the attempts run out ``/secapi/pay/reverse`` (撤销) right away: it closes an unpaid trade
and refunds a paid one. The reversal must present the merchant's API certificate (TLS client certificate), and
is repeated while WeChat answers ``recall`` Y, a bounded number of times, then ``MicropayUnsettled``.

Signing (``sign_type`` HMAC-SHA256): every non-empty parameter but ``sign``, sorted by name, joined ``k=v`` with
``&``, then ``&key=<API v2 key>``; HMAC-SHA256 keyed with the API v2 key, upper-case hex. WeChat signs its answers
the same way, and an answer whose signature does not check is treated as no answer. Without the v2 key or the
certificate the till refuses the code up front (``MicropayNotConfigured``): no trade is started that could not
be reversed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from shoal.payments.providers.alipay import signing_string
from shoal.payments.providers.base import HttpTransport, Notification, PaymentRequest
from shoal.payments.providers.errors import MicropayNotConfigured, MicropayUnsettled, ProviderFailed
from shoal.payments.providers.micropay import Polling, final

if TYPE_CHECKING:
    from shoal.payments.providers.wechatpay import WeChatPayConfig

MICROPAY, ORDERQUERY, REVERSE = "/pay/micropay", "/pay/orderquery", "/secapi/pay/reverse"
WAITING_OR_UNKNOWN = ("USERPAYING", "SYSTEMERROR", "BANKERROR")
NOT_PAID = ("PAYERROR", "CLOSED", "REVOKED")
TILL_IP = "127.0.0.1"  # spbill_create_ip: the till's address; the server does not know it, WeChat accepts this


def sign(params: dict[str, str], key: str) -> str:
    message = f"{signing_string(params)}&key={key}"
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


def to_xml(params: dict[str, str]) -> bytes:
    return ("<xml>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in params.items()) + "</xml>").encode()


def from_xml(body: bytes) -> dict[str, str]:
    """A flat ``<xml>`` document; a DOCTYPE (entities, XXE) is refused before parsing."""
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise ValueError("DOCTYPE not allowed")
    return {child.tag: (child.text or "") for child in ElementTree.fromstring(body)}


class V2Client:
    """Signed v2 calls for one merchant; ``secure`` (with the API certificate) is used for ``/secapi`` paths."""

    def __init__(self, config: WeChatPayConfig, transport: HttpTransport) -> None:
        if not config.apiv2_key:
            raise MicropayNotConfigured(provider="wechatpay", setting="SHOAL_WECHATPAY_APIV2_KEY (apiv2_key)")
        if not config.merchant_cert:
            raise MicropayNotConfigured(provider="wechatpay", setting="SHOAL_WECHATPAY_MERCHANT_CERT (merchant_cert)")
        with_cert = getattr(transport, "with_client_cert", None)
        if with_cert is None:
            raise ProviderFailed(provider="wechatpay", reason="this transport cannot present a client certificate")
        self.config = config
        self._transport = transport
        self._secure: HttpTransport = with_cert(config.merchant_cert, config.merchant_private_key)

    def signed(self, fields: dict[str, str]) -> dict[str, str]:
        params = {"appid": self.config.appid, "mch_id": self.config.mchid, "nonce_str": secrets.token_hex(16),
                  "sign_type": "HMAC-SHA256", **fields}  # fmt: skip
        return {**params, "sign": sign(params, self.config.apiv2_key)}

    async def call(self, path: str, fields: dict[str, str]) -> dict[str, str] | None:
        """The verified answer of a SUCCESS ``return_code``; ``None`` when there is nothing to trust."""
        transport = self._secure if path.startswith("/secapi/") else self._transport
        try:
            response = await transport.post(
                self.config.api_base + path, {"Content-Type": "text/xml; charset=utf-8"}, to_xml(self.signed(fields))
            )
            answer = from_xml(response.body)
        except (ProviderFailed, ValueError, ElementTree.ParseError):
            return None
        if response.status != 200 or answer.get("return_code") != "SUCCESS":
            return None
        if not hmac.compare_digest(answer.get("sign", ""), sign(answer, self.config.apiv2_key)):
            return None
        return answer


async def take(
    config: WeChatPayConfig, transport: HttpTransport, request: PaymentRequest, auth_code: str, polling: Polling
) -> Notification:
    """The final answer for ``auth_code``: succeeded (paid, exact fen) or failed (refused, or reversed)."""
    client = V2Client(config, transport)
    fields = {"body": _body(request.description), "out_trade_no": request.out_trade_no,
              "total_fee": str(request.amount), "fee_type": request.currency, "spbill_create_ip": TILL_IP,
              "auth_code": auth_code}  # fmt: skip
    answer = await client.call(MICROPAY, fields)
    if answer is not None and answer.get("result_code") == "SUCCESS":
        return await _paid(client, request, answer, polling)
    if answer is not None and answer.get("err_code") not in WAITING_OR_UNKNOWN:
        return final("wechatpay", request, status="failed", state=answer.get("err_code") or "FAIL")
    for attempt in range(polling.attempts):
        if attempt:
            await polling.sleep(polling.interval_seconds)
        trade = await client.call(ORDERQUERY, {"out_trade_no": request.out_trade_no}) or {}
        state = trade.get("trade_state", "") if trade.get("result_code") == "SUCCESS" else ""
        if state == "SUCCESS":
            return await _paid(client, request, trade, polling)
        if state in NOT_PAID:
            return final("wechatpay", request, status="failed", state=state)
    return await _reverse(client, request, polling, state="TIMEOUT")


async def _paid(client: V2Client, request: PaymentRequest, trade: dict[str, str], polling: Polling) -> Notification:
    """Paid: exactly ``total_fee`` fen as asked, or the trade is reversed (refunded) rather than kept."""
    if trade.get("total_fee") != str(request.amount):
        return await _reverse(client, request, polling, state="AMOUNT_MISMATCH")
    return final(
        "wechatpay", request, status="succeeded", state="SUCCESS", transaction_id=trade.get("transaction_id", ""),
        payer=trade.get("openid"), raw=_public(trade),
    )  # fmt: skip


async def _reverse(client: V2Client, request: PaymentRequest, polling: Polling, *, state: str) -> Notification:
    for attempt in range(polling.cancel_attempts):
        if attempt:
            await polling.sleep(polling.interval_seconds)
        answer = await client.call(REVERSE, {"out_trade_no": request.out_trade_no})
        if answer is not None and answer.get("result_code") == "SUCCESS" and answer.get("recall") != "Y":
            return final("wechatpay", request, status="failed", state=f"{state}.REVERSED", raw=_public(answer))
    raise MicropayUnsettled(provider="wechatpay", number=request.out_trade_no)


def _body(description: str) -> str:
    """``body`` is at most 128 bytes of UTF-8: cut whole characters."""
    return description.encode()[:128].decode(errors="ignore")


def _public(answer: dict[str, str]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k not in ("sign", "nonce_str")}
