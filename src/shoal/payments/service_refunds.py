"""Refunds and the daily reconciliation of payments.

A refund first takes its amount off what remains refundable with one guarded ``UPDATE`` (so two
staff refunding at once can never exceed the payment), then asks the provider, then books it on the
order, all in one transaction: if the provider refuses, nothing is kept. The ``out_refund_no`` is
ours and stable, and providers treat a repeated one as the same refund, so a retry is safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, update

from shoal.core.ids import new_id
from shoal.core.tenancy import tenant_by_id
from shoal.core.uow import UnitOfWork
from shoal.orders import service_queries as orders_queries
from shoal.orders.schemas import LineRefund
from shoal.payments import rules
from shoal.payments.config import ProviderRegistry
from shoal.payments.errors import PaymentNotRefundable, ProviderNotEnabled, RefundExceedsPaid
from shoal.payments.events import PaymentRefunded
from shoal.payments.models import Payment, PaymentNotification, PaymentRefund
from shoal.payments.payables import payable_of
from shoal.payments.providers.base import PaymentProvider, RefundRequest
from shoal.payments.schemas import (
    ProviderTotals,
    Reconciliation,
    ReconciliationLine,
    RefundCreate,
    RefundRead,
)
from shoal.payments.service import payment_row


async def refund(
    uow: UnitOfWork,
    *,
    providers: ProviderRegistry,
    payment_id: str,
    data: RefundCreate,
    line_refunds: Sequence[LineRefund] = (),
) -> RefundRead:
    """Refund part or all of a payment, and book it on the order it paid (lines optional)."""
    async with uow:
        uow.actor.require("orders.manage")
        payment = await payment_row(uow, payment_id)
        provider = _provider_of(await providers.for_tenant(uow), payment)
        if data.amount > rules.refundable(payment.amount, payment.refunded_amount):
            raise RefundExceedsPaid(refundable=rules.refundable(payment.amount, payment.refunded_amount))
        if await _paid_its_order(uow, payment.id):
            await payable_of(payment.order_id).record_refund(
                uow, order_id=payment.order_id, amount=data.amount, line_refunds=list(line_refunds)
            )
        made = await _refund_payment(uow, provider, payment, data.amount, data)
        await uow.commit()
        return made


async def refund_order(
    uow: UnitOfWork,
    *,
    providers: ProviderRegistry,
    order_id: str,
    data: RefundCreate,
    line_refunds: Sequence[LineRefund] = (),
) -> list[RefundRead]:
    """Refund ``data.amount`` of an order over every payment that paid it (a combined payment has two), each
    through the provider that took it, booked on the order once, all in one transaction.

    The rule (``rules.split_refund``): in proportion to what each payment has left to refund, by largest
    remainder, so no payment gives back more than it took and refunding everything left refunds each payment
    exactly its remainder. Money kept in Shoal (the balance) is refunded before the outside provider, whose
    call is the last thing done: if it refuses, the transaction rolls back and nothing is kept."""
    async with uow:
        uow.actor.require("orders.manage")
        shop_providers = await providers.for_tenant(uow)
        payments = sorted(
            await _payments_on_the_books(uow, order_id),
            key=lambda p: (getattr(shop_providers.get(p.provider), "settle", None) is None, p.id),
        )
        shares = rules.split_refund(data.amount, [rules.refundable(p.amount, p.refunded_amount) for p in payments])
        if not payments or shares is None:
            left = sum(rules.refundable(p.amount, p.refunded_amount) for p in payments)
            raise RefundExceedsPaid(refundable=left)
        checked = [(_provider_of(shop_providers, p), p, share) for p, share in zip(payments, shares, strict=True)]
        await payable_of(order_id).record_refund(
            uow, order_id=order_id, amount=data.amount, line_refunds=list(line_refunds)
        )
        made = [await _refund_payment(uow, provider, p, share, data) for provider, p, share in checked if share]
        await uow.commit()
        return made


async def refundable_of_order(uow: UnitOfWork, *, order_id: str) -> int:
    """What the payments that paid ``order_id`` have left to refund, together."""
    async with uow:
        return sum(rules.refundable(p.amount, p.refunded_amount) for p in await _payments_on_the_books(uow, order_id))


async def _refund_payment(
    uow: UnitOfWork, provider: PaymentProvider, payment: Payment, amount: int, data: RefundCreate
) -> RefundRead:
    """Take ``amount`` off what the payment has left to refund (one guarded ``UPDATE``: two staff refunding
    at once can never exceed it), record the refund, ask its provider, and tell the others (outbox)."""
    now = uow.clock.now()
    after = Payment.refunded_amount + amount
    taken = await uow.s.execute(
        update(Payment)
        .where(
            Payment.tenant_id == uow.tenant_id,
            Payment.id == payment.id,
            Payment.status.in_(rules.REFUNDABLE),
            after <= Payment.amount,
        )
        .values(
            refunded_amount=after,
            status=case((after >= Payment.amount, "refunded"), else_="partially_refunded"),
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        await uow.s.refresh(payment)
        raise RefundExceedsPaid(refundable=rules.refundable(payment.amount, payment.refunded_amount))
    row = PaymentRefund(
        tenant_id=uow.tenant_id,
        payment_id=payment.id,
        out_refund_no="R" + new_id().replace("-", ""),
        amount=amount,
        status="pending",
        reason=data.reason,
        reference=data.reference,
        created_at=now,
    )
    uow.s.add(row)
    await uow.s.flush()
    answer = await provider.refund(
        RefundRequest(payment.number, row.out_refund_no, amount, payment.amount, payment.currency, data.reason)
    )
    row.status, row.provider_refund_id = answer.status, answer.refund_id or None
    await uow.s.refresh(payment)
    uow.audit("payment.refund", "payment", payment.id, {"amount": amount, "reference": data.reference})
    uow.emit(
        PaymentRefunded(
            payment_id=payment.id,
            order_id=payment.order_id,
            refund_id=row.id,
            amount=amount,
            refunded_total=payment.refunded_amount,
            reference=data.reference,
        )
    )
    return RefundRead.model_validate(row)


def _provider_of(providers: ProviderRegistry, payment: Payment) -> PaymentProvider:
    if payment.status not in rules.REFUNDABLE:
        raise PaymentNotRefundable(action="refund", entity="payment", state=payment.status)
    provider = providers.get(payment.provider)
    if provider is None:
        raise ProviderNotEnabled(provider=payment.provider, enabled=", ".join(providers.names) or "-")
    return provider


async def _payments_on_the_books(uow: UnitOfWork, order_id: str) -> Sequence[Payment]:
    """The payments whose money the order booked as paid (``applied``) and that can still be refunded."""
    applied = select(PaymentNotification.id).where(
        PaymentNotification.tenant_id == uow.tenant_id,
        PaymentNotification.payment_id == Payment.id,
        PaymentNotification.outcome == "applied",
    )
    found = await uow.s.execute(
        select(Payment).where(
            Payment.tenant_id == uow.tenant_id,
            Payment.order_id == order_id,
            Payment.status.in_(rules.REFUNDABLE),
            applied.exists(),
        )
    )
    return found.scalars().all()


async def reconciliation(uow: UnitOfWork, *, day: date) -> Reconciliation:
    """Money in and out on one day of the shop's time zone, per provider, and every payment that needs a human.

    The shop's day, not UTC's: WeChat Pay and Alipay statements and the dashboard all count Beijing days, and
    a payment at 01:00 in Shanghai belongs to that date, not to the day before.

    Issues: genuine notifications that could not be applied as is (amount mismatch, order already
    paid by another payment, order closed before the money came), payments that took money
    without their success ever reaching their order, and, whatever the day, payments of cancelled
    orders not yet refunded (``cancelled_not_refunded``: the automatic refund is still being retried).
    """
    async with uow:
        uow.actor.require("orders.read")
        tenant = await tenant_by_id(uow.s, uow.tenant_id or "")
        zone = ZoneInfo(tenant.timezone if tenant else "UTC")
        start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        end = (datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(days=1)).astimezone(UTC)
        paid_on_day = (Payment.tenant_id == uow.tenant_id, Payment.paid_at >= start, Payment.paid_at < end)
        paid = {
            provider: (count, amount)
            for provider, count, amount in await uow.s.execute(
                select(Payment.provider, func.count(), func.coalesce(func.sum(Payment.amount), 0))
                .where(*paid_on_day)
                .group_by(Payment.provider)
            )
        }
        refunded = dict(
            (
                await uow.s.execute(
                    select(Payment.provider, func.coalesce(func.sum(PaymentRefund.amount), 0))
                    .join(Payment, Payment.id == PaymentRefund.payment_id)
                    .where(
                        PaymentRefund.tenant_id == uow.tenant_id,
                        PaymentRefund.created_at >= start,
                        PaymentRefund.created_at < end,
                        PaymentRefund.status != "failed",
                    )
                    .group_by(Payment.provider)
                )
            ).all()
        )
        flagged = (
            await uow.s.execute(
                select(Payment, PaymentNotification.outcome)
                .join(PaymentNotification, PaymentNotification.payment_id == Payment.id)
                .where(
                    PaymentNotification.tenant_id == uow.tenant_id,
                    PaymentNotification.received_at >= start,
                    PaymentNotification.received_at < end,
                    PaymentNotification.outcome.in_(rules.FLAGGED_OUTCOMES),
                )
                .order_by(PaymentNotification.received_at)
            )
        ).all()
        settled = select(PaymentNotification.id).where(
            PaymentNotification.tenant_id == uow.tenant_id,
            PaymentNotification.payment_id == Payment.id,
            PaymentNotification.outcome.in_(("applied", *rules.FLAGGED_OUTCOMES)),
        )
        unsettled = (
            (await uow.s.execute(select(Payment).where(*paid_on_day, ~settled.exists()).order_by(Payment.id)))
            .scalars()
            .all()
        )
    issues = [_issue(payment, outcome) for payment, outcome in flagged]
    issues += [_issue(payment, "order_not_marked_paid") for payment in unsettled]
    issues += [_issue(payment, "cancelled_not_refunded") for payment in await _cancelled_not_refunded(uow)]
    totals = [
        ProviderTotals(
            provider=name,
            payments=paid.get(name, (0, 0))[0],
            paid=int(paid.get(name, (0, 0))[1]),
            refunded=int(refunded.get(name, 0)),
        )
        for name in sorted(set(paid) | set(refunded))
    ]
    return Reconciliation(
        day=day,
        currency=tenant.currency if tenant else "CNY",
        totals=totals,
        paid=sum(t.paid for t in totals),
        refunded=sum(t.refunded for t in totals),
        issues=issues,
    )


async def _cancelled_not_refunded(uow: UnitOfWork) -> Sequence[Payment]:
    async with uow:
        held = await orders_queries.cancelled_orders_holding_money(uow)
        if not held:
            return []
        found = await uow.s.execute(
            select(Payment)
            .where(Payment.tenant_id == uow.tenant_id, Payment.order_id.in_(held), Payment.status.in_(rules.REFUNDABLE))
            .order_by(Payment.id)
        )
        return found.scalars().all()


async def _paid_its_order(uow: UnitOfWork, payment_id: str) -> bool:
    """Only the payment whose success was applied to the order is on the order's books."""
    found = await uow.s.execute(
        select(PaymentNotification.id).where(
            PaymentNotification.tenant_id == uow.tenant_id,
            PaymentNotification.payment_id == payment_id,
            PaymentNotification.outcome == "applied",
        )
    )
    return found.first() is not None


def _issue(payment: Payment, issue: str) -> ReconciliationLine:
    return ReconciliationLine(
        payment_id=payment.id,
        order_id=payment.order_id,
        number=payment.number,
        provider=payment.provider,
        amount=payment.amount,
        issue=issue,
    )
