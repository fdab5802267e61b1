"""The promises under concurrency, on PostgreSQL: 20 withdrawal requests at once against a balance that
covers 3 take exactly 3; a payout notification delivered 10 times at once settles the withdrawal once."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from shoal.core.actors import SYSTEM
from shoal.distribution import service_withdrawals as withdrawals
from shoal.distribution.models import LedgerEntry, Promoter
from tests.integration.distribution.conftest import Programme, payouts_for, set_terms, settled_balance
from tests.integration.distribution.test_withdrawals import _bill, ask

pytestmark = pytest.mark.pg_only


async def test_twenty_requests_against_three_withdrawals_worth(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await set_terms(uow_factory, min_withdrawal=100, daily_withdrawal_limit=10**9)
    await settled_balance(db, tenant, uow_factory, clock, programme, 3500)
    outcomes = await asyncio.gather(*(ask(uow_factory, programme, 1000) for _ in range(20)))
    assert sorted(o.status for o in outcomes) == [201] * 3 + [409] * 17
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        row = await uow.s.get(Promoter, programme.promoter)
        settled = await uow.s.scalar(select(func.sum(LedgerEntry.amount)).where(
            LedgerEntry.promoter_id == programme.promoter, LedgerEntry.status == "settled"))  # fmt: skip
    assert row.balance == 500 == settled


async def test_a_notification_delivered_ten_times_settles_once(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await settled_balance(db, tenant, uow_factory, clock, programme, 2000)
    payouts = payouts_for(clock)
    withdrawal = (await ask(uow_factory, programme, 2000)).body
    await withdrawals.approve(uow_factory(), payouts=payouts, withdrawal_id=withdrawal["id"])
    bill = await _bill(db, tenant.id, withdrawal["id"])
    headers, body = payouts.mock.notice_for(bill, "failed")  # the worst case: each would give the amount back
    moved = await asyncio.gather(*(withdrawals.notify(db, tenant.id, payouts=payouts, provider="mock",
                                                      headers=headers, body=body) for _ in range(10)))  # fmt: skip
    assert sorted(moved) == [False] * 9 + [True]
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        assert (await uow.s.get(Promoter, programme.promoter)).balance == 2000  # given back exactly once
