"""Applying provider notifications: verified, routed to their tenant, applied exactly once.

* Verification is the provider's (signature, freshness, decryption); a forgery is logged with a
  digest of its body and answered with the provider's failure reply; nothing is written.
* The tenant comes from the payment number (see ``rules``), then row-level security applies as usual.
* The notification is claimed with ``INSERT ... ON CONFLICT DO NOTHING`` on
  (tenant, provider, transaction id, event, number): a redelivery, even fifteen at once, finds the
  claim taken and changes nothing.
* Success moves the payment with a guarded ``UPDATE ... WHERE status IN ('pending', 'failed')`` and then
  tells orders, in the same transaction; an amount that differs from the payment is refused and flagged.
  Money the order cannot take (paid by another payment, closed first, or its units sold meanwhile) is
  flagged too, and refunded in full by ``handlers`` through the outbox.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from shoal.core.actors import SYSTEM
from shoal.core.ids import new_id
from shoal.core.uow import Database, UnitOfWork
from shoal.payments import combined, rules
from shoal.payments.config import ProviderRegistry
from shoal.payments.errors import ProviderNotEnabled
from shoal.payments.events import PaymentFailed, PaymentFlagged, PaymentSucceeded
from shoal.payments.models import Payment, PaymentNotification
from shoal.payments.payables import payable_of
from shoal.payments.providers.base import Ack, Notification
from shoal.payments.providers.errors import ForgedNotification

log = logging.getLogger("shoal.payments")


async def apply_notification(
    db: Database,
    *,
    providers: ProviderRegistry,
    provider: str,
    headers: Mapping[str, str],
    body: bytes,
    tenant_id: str | None = None,
) -> Ack:
    """Verify a provider's notification and apply it; return the reply the provider expects.

    ``tenant_id`` comes from the notify address of a shop's own account (``.../notify/<tenant id>``): its keys
    verify the notification, and only that shop's payments can be named by it."""
    if tenant_id is not None:
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            providers = await providers.for_tenant(uow)
    adapter = providers.get(provider)
    if adapter is None:
        raise ProviderNotEnabled(provider=provider, enabled=", ".join(providers.names) or "-")
    try:
        notification = adapter.parse_notification(headers, body)
    except ForgedNotification as forged:
        log.warning(
            "forged %s notification refused: %s (body sha256 %s)", provider, forged.params["reason"], _digest(body)
        )
        return adapter.notification_rejection(str(forged.params["reason"]))
    named = rules.tenant_of_number(notification.out_trade_no)
    if named is None or (tenant_id is not None and named != tenant_id):
        log.warning("genuine %s notification for a number that is not ours: %s", provider, notification.out_trade_no)
        return adapter.notification_ack()
    async with db.uow(tenant_id=named, actor=SYSTEM) as uow:
        outcome = await record_notification(uow, notification, body)
        await uow.commit()
    log.info("%s notification for %s: %s", provider, notification.out_trade_no, outcome)
    return adapter.notification_ack()


async def record_notification(
    uow: UnitOfWork, notification: Notification, body: bytes, *, payment: Payment | None = None
) -> str:
    """Claim and apply one verified notification in the caller's transaction; return its outcome.

    ``payment`` is the notified payment when the caller has just read it (the mock's notifications are made
    from it); otherwise it is found by the notification's number and provider.
    """
    if payment is None or (payment.number, payment.provider) != (notification.out_trade_no, notification.provider):
        payment = (
            await uow.s.execute(
                select(Payment).where(
                    Payment.tenant_id == uow.tenant_id,
                    Payment.number == notification.out_trade_no,
                    Payment.provider == notification.provider,
                )
            )
        ).scalar_one_or_none()
    claim_id = await _claim(uow, notification, body, payment.id if payment else None)
    if claim_id is None:
        return "duplicate"
    if payment is None:
        outcome = "unknown_payment"
    elif notification.amount != payment.amount or notification.currency != payment.currency:
        outcome = "amount_mismatch"
        log.warning(
            "amount mismatch on payment %s: %s notified, %s expected", payment.id, notification.amount, payment.amount
        )
    elif notification.status == "succeeded":
        outcome = await _succeed(uow, payment, notification)
    elif notification.status == "failed":
        outcome = await _fail(uow, payment)
    else:
        outcome = "ignored"
    if payment is not None and outcome in rules.FLAGGED_OUTCOMES:
        uow.emit(
            PaymentFlagged(
                payment_id=payment.id, order_id=payment.order_id, outcome=outcome, amount=notification.amount
            )
        )
    await uow.run(_OUTCOME, {"claim": claim_id, "reached": outcome})
    return outcome


async def _claim(uow: UnitOfWork, notification: Notification, body: bytes, payment_id: str | None) -> str | None:
    claim_id = new_id()
    values = dict(
        id=claim_id,
        tenant_id=uow.tenant_id,
        provider=notification.provider,
        out_trade_no=notification.out_trade_no,
        transaction_id=notification.transaction_id,
        event=notification.event[:40],
        payment_id=payment_id,
        provider_state=notification.provider_state[:32],
        amount=notification.amount,
        currency=notification.currency,
        outcome="received",
        body_digest=_digest(body),
        received_at=uow.clock.now(),
    )
    claimed = await uow.run(_CLAIMS[uow.db.dialect == "postgresql"], values)
    return claim_id if claimed.rowcount == 1 else None


# Every notification is claimed, applied and its outcome noted: built once (per dialect), bound per call.
_CLAIMS = {
    on_postgresql: (postgresql.insert if on_postgresql else sqlite.insert)(PaymentNotification).on_conflict_do_nothing(
        index_elements=["tenant_id", "provider", "transaction_id", "event", "out_trade_no"]
    )
    for on_postgresql in (False, True)
}
_OUTCOME = (
    update(PaymentNotification).where(PaymentNotification.id == bindparam("claim")).values(outcome=bindparam("reached"))
)
_SUCCEEDED = (
    update(Payment)
    .where(
        Payment.tenant_id == bindparam("tenant"),
        Payment.id == bindparam("payment"),
        Payment.status.in_(rules.SUCCEEDABLE),
    )
    .values(
        status="succeeded", transaction_id=bindparam("provider_id"), paid_at=bindparam("at"), updated_at=bindparam("at")
    )
)


async def _succeed(uow: UnitOfWork, payment: Payment, notification: Notification) -> str:
    now = uow.clock.now()
    params = {"tenant": uow.tenant_id, "payment": payment.id, "provider_id": notification.transaction_id, "at": now}
    moved = await uow.run(_SUCCEEDED, params)
    if moved.rowcount != 1:
        return "already_applied"
    moves = {"status": "succeeded", "transaction_id": notification.transaction_id, "paid_at": now, "updated_at": now}
    for key, value in moves.items():
        set_committed_value(payment, key, value)  # the row says so already (the update ran past the session)
    # Money the order cannot take (paid already, closed or cancelled first, or its units sold meanwhile)
    # stays on record as a flagged outcome: reconciliation lists it and ``handlers`` refunds it.
    held = await combined.held_total(uow, payment.order_id)
    paid = await payable_of(payment.order_id).mark_paid(
        uow, order_id=payment.order_id, payment_id=payment.id, amount=payment.amount + held, paid_at=now
    )
    if paid == "paid" and held:
        await combined.settle_held(uow, payment.order_id, now)
    uow.emit(
        PaymentSucceeded(
            payment_id=payment.id,
            order_id=payment.order_id,
            provider=payment.provider,
            amount=payment.amount,
            currency=payment.currency,
        )
    )
    return rules.OUTCOME_OF_PAID[paid]


async def _fail(uow: UnitOfWork, payment: Payment) -> str:
    moved = await uow.s.execute(
        update(Payment)
        .where(Payment.tenant_id == uow.tenant_id, Payment.id == payment.id, Payment.status == "pending")
        .values(status="failed", updated_at=uow.clock.now())
    )
    if moved.rowcount != 1:
        return "stale"
    uow.emit(PaymentFailed(payment_id=payment.id, order_id=payment.order_id, provider=payment.provider))
    return "failed"


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
