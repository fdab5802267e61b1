"""The mock provider, for demos and tests: no money moves, but the notification path is the real one.

``POST /api/v1/payments/mock/{id}/succeed`` (staff of the order's shop) asks this provider for a
notification (signed with an HMAC key of the process) and feeds it to the same ``record_notification`` as
WeChat Pay and Alipay notifications, so the demo exercises verification, idempotency and the order
transition for real. It is a development switch (``SHOAL_MOCK_PAYMENTS_ENABLED``, see ``shoal.config``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping

from shoal.payments.providers.base import (
    Ack,
    Notification,
    PaymentRequest,
    PaymentStatus,
    ProviderPayment,
    ProviderRefund,
    RefundRequest,
    lower_keys,
)
from shoal.payments.providers.errors import ForgedNotification

SIGNATURE_HEADER = "X-Mock-Signature"
DECLINED_SUFFIX = "0000"


class MockProvider:
    name = "mock"

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment:
        token = f"MOCK{secrets.token_hex(8).upper()}"
        return ProviderPayment(request.out_trade_no, {"mock_token": token, "amount": request.amount}, token)

    def notification_for(
        self, *, out_trade_no: str, amount: int, currency: str, status: PaymentStatus
    ) -> tuple[dict[str, str], bytes]:
        """A signed notification, as a real provider would send it after the shopper paid (or failed)."""
        body = json.dumps(
            {
                "out_trade_no": out_trade_no,
                "transaction_id": f"MOCK-{out_trade_no}",
                "status": status,
                "amount": amount,
                "currency": currency,
            },
            separators=(",", ":"),
        ).encode()
        return {SIGNATURE_HEADER: self._sign(body)}, body

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        signature = lower_keys(headers).get(SIGNATURE_HEADER.lower(), "")
        if not hmac.compare_digest(signature, self._sign(body)):
            raise ForgedNotification(reason="bad signature")
        data = json.loads(body)
        return Notification(
            provider=self.name,
            event=f"mock.{data['status']}",
            out_trade_no=data["out_trade_no"],
            transaction_id=data["transaction_id"],
            status=data["status"],
            provider_state=data["status"],
            amount=int(data["amount"]),
            currency=data["currency"],
            raw=data,
        )

    def notification_ack(self) -> Ack:
        return Ack(200, "application/json", b'{"code":"SUCCESS"}')

    def notification_rejection(self, reason: str) -> Ack:
        return Ack(400, "application/json", json.dumps({"code": "FAIL", "message": reason}).encode())

    async def micropay(self, request: PaymentRequest, auth_code: str) -> Notification:
        """A scanned payment code, paid at once; a code ending in ``0000`` is declined (a test's refused payer)."""
        status: PaymentStatus = "failed" if auth_code.endswith(DECLINED_SUFFIX) else "succeeded"
        return Notification(
            provider=self.name, event=f"mock.micropay.{status}", out_trade_no=request.out_trade_no,
            transaction_id=f"MOCK-{request.out_trade_no}", status=status, provider_state=status,
            amount=request.amount, currency=request.currency, payer=auth_code[-4:],
        )  # fmt: skip

    async def refund(self, request: RefundRequest) -> ProviderRefund:
        return ProviderRefund(request.out_refund_no, f"MOCK-{request.out_refund_no}", "succeeded")

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._secret, body, hashlib.sha256).hexdigest()
