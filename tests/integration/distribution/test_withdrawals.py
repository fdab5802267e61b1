"""Withdrawals on both databases: minimum and daily limit, the balance guard, review, the mock payout that
waits for confirmation, a notification delivered many times settling once, a forged one refused, a failed or
rejected payout returning the amount, and reconciliation by query."""

from __future__ import annotations

import uuid

import pytest

from shoal.core.actors import SYSTEM
from shoal.distribution import service_withdrawals as withdrawals
from shoal.distribution.errors import PayoutRefused
from shoal.distribution.models import Promoter
from tests.integration.distribution.conftest import Programme, payouts_for, set_terms, settled_balance, shopper


async def ask(uow_factory, programme: Programme, amount: int, key: str | None = None):  # type: ignore[no-untyped-def]
    return await withdrawals.request_withdrawal(shopper(uow_factory, programme.promoter_customer), amount=amount,
                                                key=key or str(uuid.uuid4()), locale="zh-CN")  # fmt: skip


async def balance(db, tenant_id: str, promoter_id: str) -> int:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        return (await uow.s.get(Promoter, promoter_id, populate_existing=True)).balance


async def test_requests_are_checked_and_take_the_balance_once(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await set_terms(uow_factory, min_withdrawal=1000, daily_withdrawal_limit=6000)
    await settled_balance(db, tenant, uow_factory, clock, programme, 8000)
    assert (await ask(uow_factory, programme, 999)).body["code"] == "withdrawal_below_minimum"
    assert (await ask(uow_factory, programme, 9000)).body["code"] == "withdrawal_daily_limit"
    first = await ask(uow_factory, programme, 5000, key="提现-1")
    assert first.status == 201 and first.body["status"] == "requested"
    assert (await ask(uow_factory, programme, 5000, key="提现-1")).replayed  # same key: the same answer
    assert (await ask(uow_factory, programme, 2000)).body["code"] == "withdrawal_daily_limit"  # 7000 > 6000
    assert (await ask(uow_factory, programme, 1000)).status == 201
    assert await balance(db, tenant.id, programme.promoter) == 2000
    clock.advance(days=1)
    assert (await ask(uow_factory, programme, 3000)).body["code"] == "insufficient_balance"
    assert await balance(db, tenant.id, programme.promoter) == 2000  # a refusal writes nothing


async def test_payout_waits_for_confirmation_and_settles_once(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await settled_balance(db, tenant, uow_factory, clock, programme, 5000)
    payouts = payouts_for(clock)
    withdrawal = (await ask(uow_factory, programme, 3000)).body
    approved = await withdrawals.approve(uow_factory(), payouts=payouts, withdrawal_id=withdrawal["id"])
    assert approved.status == "awaiting_confirmation" and approved.package_info
    out_bill_no = await _bill(db, tenant.id, withdrawal["id"])
    headers, body = payouts.mock.notice_for(out_bill_no, "paid")
    with pytest.raises(PayoutRefused):
        await withdrawals.notify(db, tenant.id, payouts=payouts, provider="mock", headers={**headers,
                                 "X-Mock-Payout-Signature": "0" * 64}, body=body)  # fmt: skip
    moved = [await withdrawals.notify(db, tenant.id, payouts=payouts, provider="mock", headers=headers, body=body)
             for _ in range(3)]  # fmt: skip
    assert moved == [True, False, False]
    assert await balance(db, tenant.id, programme.promoter) == 2000


async def test_failed_or_rejected_payouts_give_the_amount_back_once(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await settled_balance(db, tenant, uow_factory, clock, programme, 5000)
    payouts = payouts_for(clock)
    rejected = (await ask(uow_factory, programme, 1000)).body
    await withdrawals.reject(uow_factory(), withdrawal_id=rejected["id"], reason="资料不全")
    failed = (await ask(uow_factory, programme, 2000)).body
    await withdrawals.approve(uow_factory(), payouts=payouts, withdrawal_id=failed["id"])
    assert await balance(db, tenant.id, programme.promoter) == 3000
    payouts.mock.decide(await _bill(db, tenant.id, failed["id"]), "failed")  # the receiver never confirmed
    assert await withdrawals.reconcile(db, tenant.id, payouts=payouts) == 1
    assert await withdrawals.reconcile(db, tenant.id, payouts=payouts) == 0
    assert await balance(db, tenant.id, programme.promoter) == 5000
    statuses = {w.id: w.status for w in await withdrawals.list_withdrawals(uow_factory())}
    assert statuses == {rejected["id"]: "rejected", failed["id"]: "failed"}


async def _bill(db, tenant_id: str, withdrawal_id: str) -> str:  # type: ignore[no-untyped-def]
    from shoal.distribution.models import Withdrawal

    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        return (await uow.s.get(Withdrawal, withdrawal_id)).out_bill_no


async def test_a_transfer_the_provider_never_took_is_sent_again(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    from shoal.payments.providers.errors import ProviderFailed

    await settled_balance(db, tenant, uow_factory, clock, programme, 5000)
    payouts = payouts_for(clock)
    withdrawal = (await ask(uow_factory, programme, 2000)).body
    working = payouts.mock.transfer

    async def unreachable(_request):  # type: ignore[no-untyped-def]
        raise ProviderFailed(provider="mock", reason="unreachable")

    payouts.mock.transfer = unreachable  # type: ignore[method-assign]
    with pytest.raises(ProviderFailed):
        await withdrawals.approve(uow_factory(), payouts=payouts, withdrawal_id=withdrawal["id"])
    assert await withdrawals.reconcile(db, tenant.id, payouts=payouts) == 0  # still unreachable: kept as it is
    payouts.mock.transfer = working  # type: ignore[method-assign]
    assert await withdrawals.reconcile(db, tenant.id, payouts=payouts) == 1
    [row] = await withdrawals.list_withdrawals(uow_factory())
    assert row.status == "awaiting_confirmation" and await balance(db, tenant.id, programme.promoter) == 3000
