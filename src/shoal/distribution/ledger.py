"""Writing the ledger: every entry and the promoter's balances move in one transaction, the balances by one
relative statement each (``balance = balance + :x``), never by a value computed in Python. So a promoter's
``balance`` is always the sum of its settled entries and ``pending`` the sum of its pending ones."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select, update

from shoal.core.uow import UnitOfWork
from shoal.distribution import rules
from shoal.distribution.models import LedgerEntry, Promoter


async def post(
    uow: UnitOfWork, *, promoter_id: str, key: str, kind: rules.Kind, amount: int, status: str, tier: int = 0,
    order_id: str | None = None, withdrawal_id: str | None = None,
) -> None:  # fmt: skip
    """One entry and its effect. ``key`` is unique: callers reach here only after a guarded transition, so a
    duplicate is a bug that fails the whole transaction rather than being skipped."""
    record(uow, promoter_id=promoter_id, key=key, kind=kind, amount=amount, status=status, tier=tier,
           order_id=order_id, withdrawal_id=withdrawal_id)  # fmt: skip
    await move(uow, promoter_id, *rules.effect(amount, status))


def record(
    uow: UnitOfWork, *, promoter_id: str, key: str, kind: rules.Kind, amount: int, status: str, tier: int = 0,
    order_id: str | None = None, withdrawal_id: str | None = None,
) -> None:  # fmt: skip
    """The entry alone, for a movement whose balance a guarded statement already moved (a withdrawal)."""
    now = uow.clock.now()
    uow.s.add(LedgerEntry(
        tenant_id=uow.tenant_id, promoter_id=promoter_id, key=key, kind=kind, tier=tier, order_id=order_id,
        withdrawal_id=withdrawal_id, amount=amount, status=status, created_at=now,
        settled_at=now if status == "settled" else None,
    ))  # fmt: skip


async def move(uow: UnitOfWork, promoter_id: str, balance: int, pending: int) -> None:
    if balance or pending:
        await uow.s.execute(
            update(Promoter)
            .where(Promoter.tenant_id == uow.tenant_id, Promoter.id == promoter_id)
            .values(balance=Promoter.balance + balance, pending=Promoter.pending + pending)
            .execution_options(synchronize_session=False)
        )


async def settle_order_entries(uow: UnitOfWork, order_id: str) -> dict[str, int]:
    """Settle the order's pending entries (its commissions and reversals): each promoter's net moves from
    ``pending`` to ``balance``. Called after the order's own guarded ``pending -> settled``."""
    rows = await uow.s.execute(
        update(LedgerEntry)
        .where(
            LedgerEntry.tenant_id == uow.tenant_id, LedgerEntry.order_id == order_id, LedgerEntry.status == "pending"
        )
        .values(status="settled", settled_at=uow.clock.now())
        .returning(LedgerEntry.promoter_id, LedgerEntry.amount)
        .execution_options(synchronize_session=False)
    )
    nets: dict[str, int] = defaultdict(int)
    for promoter_id, amount in rows.all():
        nets[promoter_id] += amount
    for promoter_id in sorted(nets):  # promoter rows in key order: two settlements never wait on each other
        await move(uow, promoter_id, nets[promoter_id], -nets[promoter_id])
    return dict(nets)


async def taken_back(uow: UnitOfWork, order_id: str) -> tuple[int, int]:
    """What refunds have taken back of the order's commission so far, per tier (its reversals and clawbacks).
    Read after the order's compare-and-set, which serialises the refunds of one order."""
    rows = await uow.s.execute(
        select(LedgerEntry.tier, func.coalesce(func.sum(LedgerEntry.amount), 0))
        .where(
            LedgerEntry.tenant_id == uow.tenant_id,
            LedgerEntry.order_id == order_id,
            LedgerEntry.kind.in_(("reversal", "clawback")),
        )
        .group_by(LedgerEntry.tier)
    )
    taken = {tier: -int(total) for tier, total in rows.all()}
    return taken.get(1, 0), taken.get(2, 0)
