"""Building genuine (and forged) WeChat Pay notifications for a payment, as WeChat Pay would send them."""

from __future__ import annotations

import json

from shoal.payments.config import ProviderRegistry
from shoal.payments.providers.base import HttpResponse
from shoal.payments.schemas import PaymentRead, PaymentStart
from shoal.payments.service import start_payment
from tests.unit.payments.conftest import encrypt_resource, notification_body, transaction, wechat_signed


def wechat_notification(
    platform_key, clock, payment: PaymentRead, *, total: int | None = None, state: str = "SUCCESS", txn: str = "4200001"
) -> tuple[dict[str, str], bytes]:  # type: ignore[no-untyped-def]
    resource = {**transaction(payment.number, payment.amount if total is None else total, state), "transaction_id": txn}
    event = "TRANSACTION.SUCCESS" if state == "SUCCESS" else f"TRANSACTION.{state}"
    body = notification_body(encrypt_resource(resource), event=event)
    return wechat_signed(platform_key, body, timestamp=int(clock.now().timestamp())), body.encode()


async def start_wechat(
    uow, providers: ProviderRegistry, transport, platform_key, clock, order_id: str, customer_id: str
) -> PaymentRead:  # type: ignore[no-untyped-def]
    answer = json.dumps({"prepay_id": "wx-prepay-1"})
    transport.answers.append(
        HttpResponse(200, wechat_signed(platform_key, answer, timestamp=int(clock.now().timestamp())), answer.encode())
    )
    return await start_payment(
        uow,
        providers=providers,
        order_id=order_id,
        customer_id=customer_id,
        data=PaymentStart(provider="wechatpay", payer_id="openid-1"),
    )
