"""The promise: however a genuine notification is delivered, the order is paid once; forgeries change nothing."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select

from shoal.orders.models import Order, OrderEvent
from shoal.payments import service
from shoal.payments.models import Payment, PaymentNotification
from shoal.payments.service_notifications import apply_notification
from tests.integration.payments.conftest import CUSTOMER, shopper
from tests.integration.payments.helpers import start_wechat, wechat_notification

pytestmark = pytest.mark.pg_only


async def counts(db, tenant_id: str, order_id: str) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        succeeded = await uow.s.scalar(select(func.count()).select_from(Payment).where(Payment.status == "succeeded"))
        applied = await uow.s.scalar(
            select(func.count()).select_from(PaymentNotification).where(PaymentNotification.outcome == "applied")
        )
        transitions = await uow.s.scalar(
            select(func.count())
            .select_from(OrderEvent)
            .where(OrderEvent.order_id == order_id, OrderEvent.to_status == "paid")
        )
        paid = await uow.s.scalar(select(Order.paid_amount).where(Order.id == order_id))
    return succeeded, applied, transitions, paid


async def test_fifteen_concurrent_deliveries_pay_the_order_once(
    uow_factory, providers, transport, platform_key, clock, order, db, tenant
) -> None:
    payment = await start_wechat(shopper(uow_factory), providers, transport, platform_key, clock, order.id, CUSTOMER)
    headers, body = wechat_notification(platform_key, clock, payment)
    acks = await asyncio.gather(
        *(
            apply_notification(db, providers=providers, provider="wechatpay", headers=headers, body=body)
            for _ in range(15)
        )
    )
    assert {ack.status for ack in acks} == {200}
    assert await counts(db, tenant.id, order.id) == (1, 1, 1, order.total)


async def test_duplicated_reordered_and_forged_deliveries(
    uow_factory, providers, transport, platform_key, merchant_key, clock, order, db, tenant
) -> None:
    payment = await start_wechat(shopper(uow_factory), providers, transport, platform_key, clock, order.id, CUSTOMER)
    genuine = wechat_notification(platform_key, clock, payment)
    closed = wechat_notification(platform_key, clock, payment, state="CLOSED", txn="")
    forged = wechat_notification(merchant_key, clock, payment)  # signed, but not by WeChat Pay
    mismatch = wechat_notification(platform_key, clock, payment, total=1, txn="4200009")
    deliveries = [genuine] * 5 + [closed] * 3 + [forged] * 4 + [mismatch] * 2
    random.Random(7).shuffle(deliveries)
    acks = await asyncio.gather(
        *(apply_notification(db, providers=providers, provider="wechatpay", headers=h, body=b) for h, b in deliveries)
    )
    assert sorted(ack.status for ack in acks) == [200] * 10 + [400] * 4
    succeeded, applied, transitions, paid = await counts(db, tenant.id, order.id)
    read = await service.get_payment(uow_factory(), payment_id=payment.id)
    # A CLOSED delivered before SUCCESS fails the payment, and SUCCESS still wins afterwards; either way once.
    assert (read.status, succeeded, applied, transitions, paid) == ("succeeded", 1, 1, 1, order.total)
