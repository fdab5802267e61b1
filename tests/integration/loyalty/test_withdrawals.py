"""Withdrawal of unused stored value: the principal goes back through the top-ups' providers, newest first,
exact to the fen; the bonus is forfeited; a top-up's payment is never refunded otherwise; two withdrawals at
once pay back once (PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from shoal.core.errors import ShoalError
from shoal.loyalty.wallet import service, service_top_ups, service_withdrawals
from shoal.loyalty.wallet.errors import NothingToWithdraw, TopUpNotRefundable, WithdrawalNotCovered
from shoal.loyalty.wallet.schemas import BalanceAdjust, TopUpPlanCreate, TopUpStart, WithdrawalCreate
from shoal.payments import service as payments
from shoal.payments import service_refunds
from shoal.payments.config import build_registry
from shoal.payments.models import Payment
from shoal.payments.schemas import RefundCreate
from tests.integration.loyalty.conftest import new_customer, shopper
from tests.integration.loyalty.test_wallet import wallet_sums

WHY = WithdrawalCreate(reason="顾客申请退余额")


async def topped_up(uow_factory, clock, customer: str, *plans: tuple[int, int]):  # type: ignore[no-untyped-def]
    """The customer pays each (amount, bonus) plan in with the mock: the payments, oldest first, and providers."""
    providers, paid = build_registry(clock=clock, mock_enabled=True), []
    for amount, bonus in plans:
        plan = await service_top_ups.create_plan(uow_factory(), data=TopUpPlanCreate(name=f"充{amount}", amount=amount,
                                                                                      bonus=bonus))  # fmt: skip
        payment = await service_top_ups.start_top_up(shopper(uow_factory, customer), providers=providers,
                                                     data=TopUpStart(plan_id=plan.id, provider="mock"))  # fmt: skip
        await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
        clock.advance(minutes=1)
        paid.append(payment.id)
    return paid, providers


async def refunded(uow_factory, payment_ids: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        rows = await uow.s.execute(select(Payment.id, Payment.refunded_amount).where(Payment.id.in_(payment_ids)))
        amounts = dict(rows.all())
    return [int(amounts[p]) for p in payment_ids]


async def test_a_withdrawal_pays_back_the_principal_newest_first_and_forfeits_the_bonus(uow_factory, clock) -> None:
    customer = await new_customer(uow_factory, "w@example.com")
    paid, providers = await topped_up(uow_factory, clock, customer, (50_000, 5_000), (30_000, 2_000))
    await service.debit(uow_factory(), customer_id=customer, amount=12_345, reason="pay", reference="order-1")
    principal, bonus, _, _ = await wallet_sums(uow_factory(), customer)
    assert principal + bonus == 87_000 - 12_345
    with pytest.raises(TopUpNotRefundable):  # the top-up's payment is not refunded behind the balance's back
        await service_refunds.refund(uow_factory(), providers=providers, payment_id=paid[1],
                                     data=RefundCreate(amount=100))  # fmt: skip

    done = await service_withdrawals.withdraw(uow_factory(), providers=providers, customer_id=customer, data=WHY)
    assert (done.principal, done.bonus_forfeited, len(done.refunds)) == (principal, bonus, 2)
    assert await refunded(uow_factory, paid) == [principal - 30_000, 30_000]  # the newest top-up first, whole
    assert await wallet_sums(uow_factory(), customer) == (0, 0, 0, 0)
    with pytest.raises(NothingToWithdraw):
        await service_withdrawals.withdraw(uow_factory(), providers=providers, customer_id=customer, data=WHY)
    assert await refunded(uow_factory, paid) == [principal - 30_000, 30_000]


async def test_principal_not_paid_in_by_a_top_up_is_refused_whole(uow_factory, clock) -> None:
    customer = await new_customer(uow_factory, "till@example.com")
    paid, providers = await topped_up(uow_factory, clock, customer, (10_000, 0))
    till = BalanceAdjust(amount=5_000, reason="现金充值", principal=True)
    await service.adjust_balance(uow_factory(), customer_id=customer, data=till)
    with pytest.raises(WithdrawalNotCovered):
        await service_withdrawals.withdraw(uow_factory(), providers=providers, customer_id=customer, data=WHY)
    assert await wallet_sums(uow_factory(), customer) == (15_000, 0, 15_000, 0)
    assert await refunded(uow_factory, paid) == [0]


@pytest.mark.pg_only
async def test_twenty_withdrawals_at_once_pay_back_once(uow_factory, clock) -> None:
    customer = await new_customer(uow_factory, "race@example.com")
    paid, providers = await topped_up(uow_factory, clock, customer, (20_000, 3_000), (10_001, 999))

    async def attempt() -> str:
        try:
            await service_withdrawals.withdraw(uow_factory(), providers=providers, customer_id=customer, data=WHY)
        except ShoalError as exc:
            return exc.code
        return "ok"

    outcomes = await asyncio.gather(*(attempt() for _ in range(20)))
    assert sorted(outcomes) == ["nothing_to_withdraw"] * 19 + ["ok"]
    assert await refunded(uow_factory, paid) == [20_000, 10_001]
    assert await wallet_sums(uow_factory(), customer) == (0, 0, 0, 0)
