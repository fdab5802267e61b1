"""A dealer's credit, moved only by guarded single statements beside its append-only ledger.

Holding credit is ``UPDATE dealers SET credit_used = credit_used + :a WHERE ... credit_used + :a <=
credit_limit``: the database decides, so ten orders at once against a limit that covers four leave exactly
four held, however they interleave. Each hold and release writes a ledger row unique per (order, kind), in
the same transaction, so an order's credit is held once and released once, and ``credit_used`` always
equals the sum of the dealer's entries.
"""

from __future__ import annotations

from sqlalchemy import update

from shoal.core.money import format_amount
from shoal.core.uow import UnitOfWork
from shoal.dealers.errors import CreditLimitExceeded, DealerSuspended
from shoal.dealers.models import CreditEntry, Dealer


async def hold(uow: UnitOfWork, *, dealer: Dealer, order_id: str, amount: int) -> None:
    """Take ``amount`` of the dealer's credit for an order, or refuse naming what is left."""
    taken = await uow.s.execute(
        update(Dealer)
        .where(
            Dealer.tenant_id == uow.tenant_id,
            Dealer.id == dealer.id,
            Dealer.status == "active",
            Dealer.credit_used + amount <= Dealer.credit_limit,
        )
        .values(credit_used=Dealer.credit_used + amount)
        .returning(Dealer.credit_used)
    )
    if taken.scalar_one_or_none() is None:
        await uow.s.refresh(dealer)
        if dealer.status != "active":
            raise DealerSuspended()
        available = max(0, dealer.credit_limit - dealer.credit_used)
        raise CreditLimitExceeded(
            total=format_amount(amount), available=format_amount(available), limit=format_amount(dealer.credit_limit)
        )
    _entry(uow, dealer.id, order_id, "hold", amount)


async def release(uow: UnitOfWork, *, dealer_id: str, order_id: str, amount: int) -> None:
    """Give an order's held credit back. Called only after a guarded transition of the order that happens
    once (paid, rejected); the ledger's unique key backs that up."""
    await uow.s.execute(
        update(Dealer)
        .where(Dealer.tenant_id == uow.tenant_id, Dealer.id == dealer_id, Dealer.credit_used >= amount)
        .values(credit_used=Dealer.credit_used - amount)
    )
    _entry(uow, dealer_id, order_id, "release", -amount)


def _entry(uow: UnitOfWork, dealer_id: str, order_id: str, kind: str, amount: int) -> None:
    uow.s.add(
        CreditEntry(
            tenant_id=uow.tenant_id, dealer_id=dealer_id, order_id=order_id, kind=kind, amount=amount,
            at=uow.clock.now(),
        )
    )  # fmt: skip
