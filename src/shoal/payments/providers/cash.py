"""The ``cash`` provider: notes and coins taken at a till. In house (``settle``): the clerk has the money in hand
when the payment is recorded, and a refund is the clerk handing it back, so both are answered at once.

Registered in house so that refunds find it; shoppers cannot start a cash payment (``PaymentStart.provider`` does
not offer it), only ``service_till`` records one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from shoal.core.uow import UnitOfWork
from shoal.payments.config import register_in_house
from shoal.payments.models import Payment
from shoal.payments.providers.base import (
    Ack,
    Notification,
    PaymentRequest,
    ProviderPayment,
    ProviderRefund,
    RefundRequest,
)
from shoal.payments.providers.errors import ForgedNotification, MicropayUnavailable

NAME = "cash"


class CashProvider:
    name = NAME

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment:
        return ProviderPayment(request.out_trade_no, {"cash": request.amount})

    async def settle(self, uow: UnitOfWork, payment: Payment) -> Notification:
        return Notification(
            provider=NAME, event="cash.taken", out_trade_no=payment.number, transaction_id=f"CASH-{payment.number}",
            status="succeeded", provider_state="taken", amount=payment.amount, currency=payment.currency,
        )  # fmt: skip

    async def micropay(self, request: PaymentRequest, auth_code: str) -> Notification:
        raise MicropayUnavailable(provider=NAME)

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        raise ForgedNotification(reason="cash is never notified from outside")

    def notification_ack(self) -> Ack:
        return Ack(200, "application/json", b'{"code":"SUCCESS"}')

    def notification_rejection(self, reason: str) -> Ack:
        return Ack(400, "application/json", json.dumps({"code": "FAIL", "message": reason}).encode())

    async def refund(self, request: RefundRequest) -> ProviderRefund:
        return ProviderRefund(request.out_refund_no, f"CASH-{request.out_refund_no}", "succeeded")


register_in_house(NAME, CashProvider)
