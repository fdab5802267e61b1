"""The ``balance`` payment provider: the shopper's stored value pays, inside Shoal, in the payment's transaction.

Payments calls ``settle`` right after it records the payment (an in-house provider has no redirect and no
notification): the wallet is debited under the payment's number and the answer goes the way of every
provider's notification, so the order is marked paid by the same code and the same guards. A refund of a
balance payment is answered at once by the provider and credited back to the wallet by ``handlers`` when
``PaymentRefunded`` is delivered (in the proportion of principal and bonus the payment took).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from shoal.core.uow import UnitOfWork
from shoal.loyalty.wallet import service
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
from shoal.payments.providers.errors import ForgedNotification

NAME = "balance"


class BalanceProvider:
    name = NAME

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment:
        return ProviderPayment(request.out_trade_no, {"balance": request.amount})

    async def settle(self, uow: UnitOfWork, payment: Payment) -> Notification:
        """Take the payment's amount from its shopper's balance (``InsufficientBalance`` refuses it whole)."""
        await service.debit(uow, customer_id=payment.customer_id or "", amount=payment.amount, reason="pay",
                            reference=payment.id, note=payment.order_id)  # fmt: skip
        return Notification(
            provider=NAME, event="balance.paid", out_trade_no=payment.number, transaction_id=f"BAL-{payment.number}",
            status="succeeded", provider_state="paid", amount=payment.amount, currency=payment.currency,
        )  # fmt: skip

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        raise ForgedNotification(reason="balance payments are never notified from outside")

    def notification_ack(self) -> Ack:
        return Ack(200, "application/json", b'{"code":"SUCCESS"}')

    def notification_rejection(self, reason: str) -> Ack:
        return Ack(400, "application/json", json.dumps({"code": "FAIL", "message": reason}).encode())

    async def refund(self, request: RefundRequest) -> ProviderRefund:
        return ProviderRefund(request.out_refund_no, f"BAL-{request.out_refund_no}", "succeeded")


register_in_house(NAME, BalanceProvider)
