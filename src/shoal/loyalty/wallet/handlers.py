"""Refunds of balance payments go back to the balance, in the proportion of principal and bonus the payment
took. ``PaymentRefunded`` is delivered at least once; each refund is credited under its own id, once."""

from __future__ import annotations

from typing import Any

from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.uow import Database
from shoal.loyalty.wallet import rules
from shoal.loyalty.wallet.service import credit, entries_for
from shoal.payments.events import PaymentRefunded


async def _payment_refunded(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
    async with uow:
        entries = await entries_for(uow, reference_like=payload["payment_id"] + "%")
        paid = next((e for e in entries if e.reason == "pay"), None)
        if paid is None:  # not a balance payment
            return
        back = [e for e in entries if e.reason == "refund" and e.reference != _reference(payload)]
        parts = rules.returned(
            payload["refunded_total"], -(paid.principal + paid.bonus), (-paid.principal, -paid.bonus),
            (sum(e.principal for e in back), sum(e.bonus for e in back)),
        )  # fmt: skip
        await credit(uow, customer_id=paid.customer_id, principal=parts[0], bonus=parts[1], reason="refund",
                     reference=_reference(payload), note=payload["order_id"])  # fmt: skip
        await uow.commit()


def _reference(payload: dict[str, Any]) -> str:
    return f"{payload['payment_id']}:{payload['refund_id']}"


subscribe(PaymentRefunded, _payment_refunded)
