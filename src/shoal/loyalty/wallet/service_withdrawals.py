"""Withdrawal of unused stored value (退余额): the principal goes back, the bonus is forfeited.

Staff withdraw a customer's whole unused balance at their request. Under the wallet's row lock (PostgreSQL)
the principal and bonus are read and taken by one guarded entry (``take_parts``); the principal is paid back
through the top-ups that brought it in, newest first (``rules.withdrawal_shares``), each by the payment
provider's refund path (``payments.service_refunds.refund_order``), all in one transaction: a provider's
refusal rolls everything back. A top-up's payment is refunded only as far as the withdrawal cleared it
(``TopUp.cleared_for_refund``), so a refund of a top-up can never hand money back without taking the balance.
Two withdrawals at once: the second waits on the lock, then finds no principal (``nothing_to_withdraw``).
"""

from __future__ import annotations

from sqlalchemy import select, update

from shoal.core.money import format_amount
from shoal.core.uow import UnitOfWork
from shoal.customers.service import customer_row
from shoal.loyalty.wallet import rules
from shoal.loyalty.wallet.errors import NothingToWithdraw, TopUpNotRefundable, WithdrawalNotCovered
from shoal.loyalty.wallet.models import TopUp, Withdrawal
from shoal.loyalty.wallet.schemas import WithdrawalCreate, WithdrawalRead
from shoal.loyalty.wallet.service import locked_parts, take_parts
from shoal.orders.schemas import LineRefund
from shoal.payments.config import ProviderRegistry
from shoal.payments.schemas import RefundCreate
from shoal.payments.service_refunds import refund_order, refundable_of_order


async def withdraw(
    uow: UnitOfWork, *, providers: ProviderRegistry, customer_id: str, data: WithdrawalCreate
) -> WithdrawalRead:
    async with uow:
        uow.actor.require("orders.manage")
        await customer_row(uow, customer_id)
        principal, bonus = await locked_parts(uow, customer_id)
        if principal <= 0:
            raise NothingToWithdraw()
        sources = await _refundable_top_ups(uow, customer_id)
        shares = rules.withdrawal_shares(principal, [left for _, left in sources])
        if shares is None:
            covered = sum(left for _, left in sources)
            raise WithdrawalNotCovered(principal=format_amount(principal), covered=format_amount(covered))
        row = Withdrawal(tenant_id=uow.tenant_id, customer_id=customer_id, principal=principal, bonus_forfeited=bonus,
                         reason=data.reason, actor=uow.actor.label, created_at=uow.clock.now())  # fmt: skip
        uow.s.add(row)
        await uow.s.flush()
        await take_parts(uow, customer_id=customer_id, parts=(principal, bonus), reason="withdraw", reference=row.id,
                         note=data.reason)  # fmt: skip
        refunds: list[str] = []
        for (top_up_id, _), share in zip(sources, shares, strict=True):
            if share:
                refunds += await _pay_back(uow, providers, top_up_id, share, row.id)
        answer = WithdrawalRead(id=row.id, customer_id=customer_id, principal=principal, bonus_forfeited=bonus,
                                refunds=refunds, created_at=row.created_at)  # fmt: skip
        uow.audit("balance.withdraw", "customer", customer_id, answer.model_dump(mode="json"))
        await uow.commit()
        return answer


async def _refundable_top_ups(uow: UnitOfWork, customer_id: str) -> list[tuple[str, int]]:
    """The customer's paid top-ups, newest first, with what their payments have left to refund."""
    ids = await uow.s.execute(
        select(TopUp.id)
        .where(TopUp.tenant_id == uow.tenant_id, TopUp.customer_id == customer_id, TopUp.status == "paid")
        .order_by(TopUp.created_at.desc(), TopUp.id.desc())
    )
    found = [(top_up_id, await refundable_of_order(uow, order_id=top_up_id)) for top_up_id in ids.scalars()]
    return [(top_up_id, left) for top_up_id, left in found if left > 0]


async def _pay_back(
    uow: UnitOfWork, providers: ProviderRegistry, top_up_id: str, amount: int, withdrawal_id: str
) -> list[str]:
    await uow.s.execute(
        update(TopUp)
        .where(TopUp.tenant_id == uow.tenant_id, TopUp.id == top_up_id)
        .values(cleared_for_refund=TopUp.cleared_for_refund + amount)
    )
    data = RefundCreate(amount=amount, reason="余额提现 / withdrawal", reference=withdrawal_id)
    made = await refund_order(uow, providers=providers, order_id=top_up_id, data=data)
    return [refund.id for refund in made]


async def record_withdrawal_refund(
    uow: UnitOfWork, *, order_id: str, amount: int, line_refunds: list[LineRefund]
) -> None:
    """A top-up's refund is booked only as far as a withdrawal cleared it (one guarded update): any other refund
    of a top-up (a staff refund of its payment) is refused, as it would pay out money still in the balance."""
    async with uow:
        used = await uow.s.execute(
            update(TopUp)
            .where(TopUp.tenant_id == uow.tenant_id, TopUp.id == order_id, TopUp.cleared_for_refund >= amount)
            .values(cleared_for_refund=TopUp.cleared_for_refund - amount)
        )
        if used.rowcount != 1:
            raise TopUpNotRefundable()
