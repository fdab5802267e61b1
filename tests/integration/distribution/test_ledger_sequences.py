"""The ledger's invariants on the real services and both databases, over seeded random sequences of paid
orders, partial refunds (before and after settlement), settlements and withdrawals: each promoter's balance and
pending equal the sums of its entries, total commission never passes the configured rate of what orders kept,
and every clawback is in the book (the balance may go below zero)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from shoal.core.actors import SYSTEM
from shoal.distribution import service_commission as commission
from shoal.distribution.models import CommissionOrder, LedgerEntry, Promoter
from shoal.orders import service as orders
from tests.integration.distribution.conftest import Programme, bind, paid_order, set_terms
from tests.integration.distribution.test_withdrawals import ask


@pytest.mark.parametrize("seed", [2026])
async def test_random_histories_keep_the_ledger(
    db, tenant, uow_factory, clock, programme: Programme, seed: int
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    await set_terms(uow_factory, min_withdrawal=1, daily_withdrawal_limit=10**9)
    for buyer in programme.shoppers:
        await bind(uow_factory, buyer, programme.promoter_code)
    placed: list[tuple[str, int]] = []  # (order id, paid)
    refunded: dict[str, int] = {}
    for _ in range(14):
        step = rng.choice(["order", "order", "refund", "settle", "withdraw"])
        if step == "order":
            amounts = [rng.randint(1, 30_000) for _ in range(rng.randint(1, 3))]
            order = await paid_order(uow_factory, tenant, programme, rng.choice(programme.shoppers), amounts)
            await commission.record_paid_order(db, tenant.id, order_id=order.id)
            placed.append((order.id, sum(amounts)))
        elif step == "refund" and placed:
            order_id, paid = rng.choice(placed)
            amount = min(rng.randint(1, paid), paid - refunded.get(order_id, 0))
            if amount > 0:
                done = await orders.record_refund(uow_factory(), order_id=order_id, amount=amount, line_refunds=[])
                refunded[order_id] = done.refunded_amount
                await commission.apply_refund(db, tenant.id, order_id=order_id, refunded_total=done.refunded_amount)
        elif step == "settle" and placed:
            await commission.start_window(db, tenant.id, order_id=rng.choice(placed)[0])
            clock.advance(days=8)
            await commission.settle_due(db)
        elif step == "withdraw":
            await ask(uow_factory, programme, rng.randint(1, 3000))
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        for promoter_id, rate in ((programme.promoter, 1000), (programme.leader, 300)):
            row = await uow.s.get(Promoter, promoter_id, populate_existing=True)
            sums = dict((await uow.s.execute(
                select(LedgerEntry.status, func.sum(LedgerEntry.amount))
                .where(LedgerEntry.promoter_id == promoter_id).group_by(LedgerEntry.status)
            )).all())  # fmt: skip
            assert (row.balance, row.pending) == (sums.get("settled", 0), sums.get("pending", 0))
            earned = await uow.s.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                LedgerEntry.promoter_id == promoter_id, LedgerEntry.order_id.is_not(None)))  # fmt: skip
            kept = await uow.s.scalar(
                select(func.coalesce(func.sum(CommissionOrder.paid_amount - CommissionOrder.refunded), 0))
            )
            assert 0 <= earned * 10_000 <= rate * kept
