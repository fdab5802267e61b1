"""Taking payment for an order: start a payment with a provider, read and list payments, simulate the mock.

Payments sits above orders: it asks orders what is payable and tells it when money arrived, inside
the same transaction. Notifications (and the mock's simulated ones) are applied in
``service_notifications``; refunds and reconciliation live in ``service_refunds``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select

from shoal.core.clock import as_utc
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.uow import UnitOfWork
from shoal.payments import combined, rules
from shoal.payments.config import ProviderRegistry
from shoal.payments.errors import MockPaymentsDisabled, OrderNotPayable, PaymentNotFound, ProviderNotEnabled
from shoal.payments.models import Payment
from shoal.payments.payables import payable_of
from shoal.payments.providers.base import PaymentProvider, PaymentRequest
from shoal.payments.providers.mock import MockProvider
from shoal.payments.schemas import PaymentRead, PaymentStart
from shoal.payments.service_notifications import record_notification


async def start_payment(
    uow: UnitOfWork, *, providers: ProviderRegistry, order_id: str, customer_id: str, data: PaymentStart
) -> PaymentRead:
    """Open a payment for the shopper's own order and return what their client needs to pay.

    Each call is a new attempt with a new number (a shopper may switch from WeChat Pay to Alipay);
    whichever succeeds first pays the order, and a second success is flagged for refund.
    """
    async with uow:
        provider = enabled_provider(await providers.for_tenant(uow), data.provider)
        order = await payable_of(order_id).get(uow, order_id=order_id, customer_id=customer_id)
        now = uow.clock.now()
        # An order that costs nothing was paid at checkout (``orders.place_order``): no provider takes 0 fen.
        if order.status != "pending_payment" or order.total <= 0 or as_utc(order.expires_at) <= now:
            raise OrderNotPayable(action="pay", entity="order", state=order.status)
        settle = getattr(provider, "settle", None)
        due = order.total - await combined.held_total(uow, order.id)
        part = data.amount is not None and data.amount < due and settle is not None  # the first of two parts
        number = rules.payment_number(_tenant(uow))
        answer = await provider.create_payment(
            PaymentRequest(
                out_trade_no=number,
                amount=data.amount if part else due,
                currency=order.currency,
                description=f"Order {order.number}",
                scene=data.scene,
                payer_id=data.payer_id,
            )
        )
        payment = Payment(
            id=number,  # the id carries its tenant too, so the mock "provider" needs no tenant header
            tenant_id=uow.tenant_id,
            order_id=order.id,
            customer_id=customer_id,
            number=number,
            provider=provider.name,
            amount=data.amount if part else due,
            currency=order.currency,
            status=combined.HELD if part else "pending",
            client_params=answer.client_params,
            refunded_amount=0,
            created_at=now,
            updated_at=now,
        )
        uow.s.add(payment)
        if settle is not None:  # money kept in Shoal (stored value) moves now, in this transaction
            await uow.s.flush()
            settled = await settle(uow, payment)
            if not part:
                await record_notification(uow, settled, b"")
            await uow.s.refresh(payment)
        await uow.commit()
        return PaymentRead.model_validate(payment)


async def get_payment(uow: UnitOfWork, *, payment_id: str) -> PaymentRead:
    async with uow:
        uow.actor.require("orders.read")
        return PaymentRead.model_validate(await payment_row(uow, payment_id))


async def list_payments(
    uow: UnitOfWork, *, limit: int, cursor: str | None, status: str | None = None, order_id: str | None = None
) -> Page[PaymentRead]:
    async with uow:
        uow.actor.require("orders.read")
        query = select(Payment).where(Payment.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Payment.status == status)
        if order_id:
            query = query.where(Payment.order_id == order_id)
        after = decode_cursor(cursor)
        if after:
            at = datetime.fromisoformat(str(after[0]))
            query = query.where(
                or_(Payment.created_at < at, and_(Payment.created_at == at, Payment.id < str(after[1])))
            )
        newest_first = query.order_by(Payment.created_at.desc(), Payment.id.desc()).limit(limit + 1)
        rows = (await uow.s.execute(newest_first)).scalars().all()
    items = [PaymentRead.model_validate(row) for row in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    return Page(items=items, next_cursor=encode_cursor([last.created_at.isoformat(), last.id]) if last else None)


async def mock_succeed(uow: UnitOfWork, *, providers: ProviderRegistry, payment_id: str) -> PaymentRead:
    """Staff play the provider: the mock signs a notification that goes the way of real ones.

    Marking an order paid without money is a staff decision, so it takes ``orders.manage`` in the
    payment's shop (another shop's payment is not found).
    """
    return await _simulate(uow, providers, payment_id, "succeeded")


async def mock_fail(uow: UnitOfWork, *, providers: ProviderRegistry, payment_id: str) -> PaymentRead:
    return await _simulate(uow, providers, payment_id, "failed")


async def mock_pay_own_order(
    uow: UnitOfWork, *, providers: ProviderRegistry, order_id: str, customer_id: str
) -> PaymentRead:
    """The demo shop's test payment: a shopper pays their own order with the mock, at once, for free.

    Only the web layer offers it, and only in development (``Settings.shoppers_pay_with_mock``).
    """
    async with uow:
        payment = await start_payment(
            uow, providers=providers, order_id=order_id, customer_id=customer_id, data=PaymentStart(provider="mock")
        )
        paid = await _apply_simulated(uow, providers, payment.id, "succeeded")
        await uow.commit()
        return paid


async def mock_pay_own_payment(
    uow: UnitOfWork, *, providers: ProviderRegistry, payment_id: str, customer_id: str
) -> PaymentRead:
    """The demo shop's test payment for a payment the shopper has just started (a top-up, a membership card):
    the payable exists only once its payment is started, so it is completed by the payment's id. Another
    shopper's payment is not found. Development only, as ``mock_pay_own_order``."""
    async with uow:
        if (await payment_row(uow, payment_id)).customer_id != customer_id:
            raise PaymentNotFound()
        paid = await _apply_simulated(uow, providers, payment_id, "succeeded")
        await uow.commit()
        return paid


async def held_amount(uow: UnitOfWork, *, order_id: str) -> int:
    """What is already set aside from the balance for ``order_id``: the first part of a combined payment."""
    async with uow:
        return await combined.held_total(uow, order_id)


async def _simulate(uow: UnitOfWork, providers: ProviderRegistry, payment_id: str, status: str) -> PaymentRead:
    async with uow:
        uow.actor.require("orders.manage")
        paid = await _apply_simulated(uow, providers, payment_id, status)
        await uow.commit()
        return paid


async def _apply_simulated(uow: UnitOfWork, providers: ProviderRegistry, payment_id: str, status: str) -> PaymentRead:
    mock = providers.get("mock")
    if not isinstance(mock, MockProvider):
        raise MockPaymentsDisabled()
    async with uow:
        payment = await payment_row(uow, payment_id)
        if payment.provider != "mock":
            raise PaymentNotFound()
        headers, body = mock.notification_for(
            out_trade_no=payment.number,
            amount=payment.amount,
            currency=payment.currency,
            status="succeeded" if status == "succeeded" else "failed",
        )
        outcome = await record_notification(uow, mock.parse_notification(headers, body), body, payment=payment)
        if outcome not in ("applied", "failed"):
            # Only the guarded updates that moved this payment also moved the object in the session.
            await uow.s.flush()
            await uow.s.refresh(payment)
        return PaymentRead.model_validate(payment)


_PAYMENT = select(Payment).where(Payment.tenant_id == bindparam("tenant"), Payment.id == bindparam("payment"))


async def payment_row(uow: UnitOfWork, payment_id: str) -> Payment:
    payment = (await uow.s.execute(_PAYMENT, {"tenant": uow.tenant_id, "payment": payment_id})).scalar_one_or_none()
    if payment is None:
        raise PaymentNotFound()
    return payment


def enabled_provider(providers: ProviderRegistry, name: str) -> PaymentProvider:
    """The provider ``name`` of these (a shop's), or 422 ``payment_provider_not_enabled`` naming those it has."""
    provider = providers.get(name)
    if provider is None:
        raise ProviderNotEnabled(provider=name, enabled=", ".join(providers.names) or "-")
    return provider


def _tenant(uow: UnitOfWork) -> str:
    if not uow.tenant_id:
        raise RuntimeError("payments need a tenant")
    return uow.tenant_id


async def refundable_payment_of(uow: UnitOfWork, *, order_id: str) -> PaymentRead | None:
    """The payment that paid ``order_id`` and can still be refunded (after-sales refunds go back to it)."""
    async with uow:
        payment = (
            await uow.s.execute(
                select(Payment)
                .where(
                    Payment.tenant_id == uow.tenant_id,
                    Payment.order_id == order_id,
                    Payment.status.in_(rules.REFUNDABLE),
                )
                .order_by(Payment.paid_at)
                .limit(1)
            )
        ).scalar_one_or_none()
        return PaymentRead.model_validate(payment) if payment else None
