"""Payments on both databases: start, notifications applied once, mismatches flagged, refunds, reconciliation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from shoal.core.errors import NotFound
from shoal.orders import service as orders
from shoal.payments import service, service_notifications, service_refunds
from shoal.payments.errors import OrderNotPayable, PaymentNotRefundable, ProviderNotEnabled, RefundExceedsPaid
from shoal.payments.models import PaymentNotification
from shoal.payments.schemas import PaymentStart, RefundCreate
from tests.conftest import new_tenant
from tests.integration.payments.conftest import CUSTOMER, place_order, shopper
from tests.integration.payments.helpers import start_wechat, wechat_notification


async def start_mock(uow_factory, providers, order_id: str):  # type: ignore[no-untyped-def]
    return await service.start_payment(
        shopper(uow_factory),
        providers=providers,
        order_id=order_id,
        customer_id=CUSTOMER,
        data=PaymentStart(provider="mock"),
    )


async def order_status(uow_factory, order_id: str) -> str:  # type: ignore[no-untyped-def]
    return (await orders.get_payable(uow_factory(), order_id=order_id)).status


async def outcomes(db, tenant_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        rows = await uow.s.execute(
            select(PaymentNotification.outcome)
            .where(PaymentNotification.tenant_id == tenant_id)
            .order_by(PaymentNotification.id)
        )
        return list(rows.scalars())


async def test_mock_payment_pays_the_order_once(uow_factory, providers, order, db, tenant) -> None:
    payment = await start_mock(uow_factory, providers, order.id)
    assert (payment.status, payment.amount, payment.provider) == ("pending", order.total, "mock")
    assert payment.client_params["mock_token"].startswith("MOCK")
    paid = await service.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    again = await service.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    assert paid.status == again.status == "succeeded" and paid.paid_at is not None
    assert await order_status(uow_factory, order.id) == "paid"
    assert await outcomes(db, tenant.id) == ["applied"]


async def test_mock_failure_then_success_of_a_new_attempt(uow_factory, providers, order) -> None:
    first = await start_mock(uow_factory, providers, order.id)
    assert (await service.mock_fail(uow_factory(), providers=providers, payment_id=first.id)).status == "failed"
    assert await order_status(uow_factory, order.id) == "pending_payment"
    second = await start_mock(uow_factory, providers, order.id)
    await service.mock_succeed(uow_factory(), providers=providers, payment_id=second.id)
    assert await order_status(uow_factory, order.id) == "paid"


async def test_only_the_shoppers_own_pending_order_can_be_paid(uow_factory, providers, order, clock) -> None:
    with pytest.raises(NotFound):
        await service.start_payment(
            shopper(uow_factory, "0192f0c0-0000-7000-8000-00000000beef"),
            providers=providers,
            order_id=order.id,
            customer_id="0192f0c0-0000-7000-8000-00000000beef",
            data=PaymentStart(provider="mock"),
        )
    with pytest.raises(ProviderNotEnabled):
        await service.start_payment(
            shopper(uow_factory),
            providers=providers,
            order_id=order.id,
            customer_id=CUSTOMER,
            data=PaymentStart(provider="alipay"),
        )
    clock.advance(minutes=31)
    with pytest.raises(OrderNotPayable):
        await start_mock(uow_factory, providers, order.id)


async def test_another_tenants_payment_is_not_found(uow_factory, providers, order, db) -> None:
    payment = await start_mock(uow_factory, providers, order.id)
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service.mock_succeed(db.uow(tenant_id=other.id), providers=providers, payment_id=payment.id)


async def test_wechat_notification_is_applied_once_and_redelivery_changes_nothing(
    uow_factory, providers, transport, platform_key, clock, order, db, tenant
) -> None:
    payment = await start_wechat(shopper(uow_factory), providers, transport, platform_key, clock, order.id, CUSTOMER)
    assert payment.client_params["package"] == "prepay_id=wx-prepay-1"
    headers, body = wechat_notification(platform_key, clock, payment)
    for _ in range(3):
        ack = await service_notifications.apply_notification(
            db, providers=providers, provider="wechatpay", headers=headers, body=body
        )
        assert (ack.status, ack.body) == (200, b'{"code":"SUCCESS"}')
    read = await service.get_payment(uow_factory(), payment_id=payment.id)
    assert (read.status, read.transaction_id) == ("succeeded", "4200001")
    assert await order_status(uow_factory, order.id) == "paid"
    assert await outcomes(db, tenant.id) == ["applied"]


async def test_forged_and_mismatched_notifications_change_nothing(
    uow_factory, providers, transport, platform_key, clock, order, db, tenant
) -> None:
    payment = await start_wechat(shopper(uow_factory), providers, transport, platform_key, clock, order.id, CUSTOMER)
    headers, body = wechat_notification(platform_key, clock, payment)
    forged = await service_notifications.apply_notification(
        db,
        providers=providers,
        provider="wechatpay",
        headers=headers,
        body=body.replace(b"TRANSACTION", b"TRANSACTIOM"),
    )
    assert forged.status == 400 and b"FAIL" in forged.body
    headers, body = wechat_notification(platform_key, clock, payment, total=1, txn="4200002")
    ack = await service_notifications.apply_notification(
        db, providers=providers, provider="wechatpay", headers=headers, body=body
    )
    assert ack.status == 200
    assert (await service.get_payment(uow_factory(), payment_id=payment.id)).status == "pending"
    assert await order_status(uow_factory, order.id) == "pending_payment"
    assert await outcomes(db, tenant.id) == ["amount_mismatch"]
    report = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 25))
    assert [(i.payment_id, i.issue) for i in report.issues] == [(payment.id, "amount_mismatch")]


async def test_a_second_successful_payment_is_flagged_not_applied(uow_factory, providers, order, db, tenant) -> None:
    first = await start_mock(uow_factory, providers, order.id)
    second = await start_mock(uow_factory, providers, order.id)
    await service.mock_succeed(uow_factory(), providers=providers, payment_id=first.id)
    await service.mock_succeed(uow_factory(), providers=providers, payment_id=second.id)
    assert await outcomes(db, tenant.id) == ["applied", "order_already_paid"]
    report = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 25))
    assert report.totals[0].payments == 2 and report.paid == 2 * order.total
    assert [(i.payment_id, i.issue) for i in report.issues] == [(second.id, "order_already_paid")]


async def test_refunds_never_exceed_the_payment(uow_factory, providers, order) -> None:
    payment = await start_mock(uow_factory, providers, order.id)
    with pytest.raises(PaymentNotRefundable):
        await service_refunds.refund(
            uow_factory(), providers=providers, payment_id=payment.id, data=RefundCreate(amount=1)
        )
    await service.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    part = await service_refunds.refund(
        uow_factory(),
        providers=providers,
        payment_id=payment.id,
        data=RefundCreate(amount=990, reason="尺码", reference="AS-1"),
    )
    assert (part.amount, part.status, part.reference) == (990, "succeeded", "AS-1")
    with pytest.raises(RefundExceedsPaid) as caught:
        await service_refunds.refund(
            uow_factory(), providers=providers, payment_id=payment.id, data=RefundCreate(amount=1001)
        )
    assert caught.value.params["refundable"] == 1000
    await service_refunds.refund(
        uow_factory(), providers=providers, payment_id=payment.id, data=RefundCreate(amount=1000)
    )
    read = await service.get_payment(uow_factory(), payment_id=payment.id)
    assert (read.status, read.refunded_amount) == ("refunded", 1990)
    report = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 25))
    assert (report.paid, report.refunded, report.issues) == (1990, 1990, [])


async def test_listing_pages_newest_first(uow_factory, providers, order, tenant, clock) -> None:
    ids = []
    for _ in range(3):
        ids.append((await start_mock(uow_factory, providers, order.id)).id)
        clock.advance(seconds=1)
    page = await service.list_payments(uow_factory(), limit=2, cursor=None)
    rest = await service.list_payments(uow_factory(), limit=2, cursor=page.next_cursor)
    assert [p.id for p in page.items + rest.items] == ids[::-1] and rest.next_cursor is None
    other = await place_order(uow_factory, tenant.tenant, total=500)
    assert (await service.list_payments(uow_factory(), limit=10, cursor=None, order_id=other.id)).items == []


async def test_reconciliation_counts_the_shop_s_day_not_utc_s(uow_factory, providers, tenant, clock) -> None:  # type: ignore[no-untyped-def]
    clock.advance(hours=9)  # 17:00 UTC on the 25th is 01:00 on the 26th in Shanghai, the shop's zone
    order = await place_order(uow_factory, tenant.tenant)
    payment = await start_mock(uow_factory, providers, order.id)
    await service.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    on_the_26th = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 26))
    on_the_25th = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 25))
    assert on_the_26th.paid == order.total and on_the_25th.paid == 0
