"""Taking an order's money at a till: cash, the balance and a scanned payment code (付款码), alone or mixed.

Every tender but the last is recorded as a ``held`` part (``combined``), and the last one's success pays the order
with all of them, by the same ``record_notification`` as any provider's answer: the order is paid once, with
every part on its books, so refunds (``service_refunds.refund_order``) give each part back through its own
provider. In-house tenders (cash, balance) move first, in this transaction; the payment code goes last, and is
only made ready here (its payment pending): the caller commits, takes the code with no transaction open
(``take_code``: the shopper may take 30 s to confirm, and the sale's stock rows must not stay locked that long),
then records the answer (``record_code``) in a new one. A code that is not paid leaves the order to be cancelled,
which gives the held in-house parts back (``handlers.release_held_parts``): no outside money is taken before the
in-house parts are sure, and no in-house money is kept for a sale that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.uow import UnitOfWork
from shoal.orders.schemas import PayableOrder
from shoal.payments import combined, rules
from shoal.payments.config import ProviderRegistry
from shoal.payments.errors import MicropayDeclined, OrderNotPayable, TendersMismatch
from shoal.payments.models import Payment
from shoal.payments.payables import payable_of
from shoal.payments.providers import cash  # noqa: F401  (registers the till's cash provider)
from shoal.payments.providers.base import Notification, PaymentProvider, PaymentRequest
from shoal.payments.service import enabled_provider
from shoal.payments.service_notifications import record_notification


@dataclass(frozen=True, slots=True)
class Tender:
    """One way the shopper pays part of a till sale: ``provider`` is ``cash``, ``balance`` or one that takes
    payment codes (``auth_code`` is the code scanned from the payer's phone)."""

    provider: str
    amount: int
    auth_code: str | None = None


@dataclass(frozen=True, slots=True)
class CodeCharge:
    """A payment code made ready by ``pay_at_till``, to take with ``take_code`` once its transaction is committed."""

    provider: PaymentProvider
    request: PaymentRequest
    auth_code: str


async def pay_at_till(
    uow: UnitOfWork, *, providers: ProviderRegistry, order_id: str, tenders: list[Tender]
) -> CodeCharge | None:
    """Pay ``order_id`` (a till's order, just placed) with ``tenders``, which must add up to its total: paid here
    when all are in-house, else the in-house parts held and the code's charge returned (its payment pending)."""
    async with uow:
        order = await payable_of(order_id).get(uow, order_id=order_id)
        if order.status != "pending_payment":
            raise OrderNotPayable(action="pay", entity="order", state=order.status)
        if sum(t.amount for t in tenders) != order.total or any(t.amount <= 0 for t in tenders):
            raise TendersMismatch(total=order.total)
        shop = await providers.for_tenant(uow)
        ordered = sorted(tenders, key=lambda t: t.auth_code is not None)
        charge = None
        for i, tender in enumerate(ordered):
            last = i == len(ordered) - 1
            provider = enabled_provider(shop, tender.provider)
            payment = _payment(uow, order, provider.name, tender.amount, last)
            uow.s.add(payment)
            await uow.s.flush()
            if tender.auth_code is not None:
                request = PaymentRequest(payment.number, payment.amount, payment.currency, f"Order {order.number}")
                charge = CodeCharge(provider, request, tender.auth_code)
                continue
            answer = await provider.settle(uow, payment)  # type: ignore[attr-defined]
            if answer.status != "succeeded":
                raise MicropayDeclined(provider=provider.name)
            if last:
                await record_notification(uow, answer, b"")
        await uow.commit()
        return charge


async def take_code(charge: CodeCharge) -> Notification:
    """The provider's final answer for the code (it polls while the payer confirms): call with no transaction open."""
    return await charge.provider.micropay(charge.request, charge.auth_code)


async def record_code(uow: UnitOfWork, answer: Notification) -> None:
    """The code's answer on its payment, as any provider's: paid pays the order with its held parts."""
    async with uow:
        await record_notification(uow, answer, b"")
        await uow.commit()


def _payment(uow: UnitOfWork, order: PayableOrder, provider: str, amount: int, last: bool) -> Payment:
    number = rules.payment_number(uow.tenant_id or "")
    now = uow.clock.now()
    return Payment(
        id=number, tenant_id=uow.tenant_id, order_id=order.id, customer_id=order.customer_id,
        number=number, provider=provider, amount=amount, currency=order.currency,
        status="pending" if last else combined.HELD, client_params={}, refunded_amount=0, created_at=now,
        updated_at=now,
    )  # fmt: skip
