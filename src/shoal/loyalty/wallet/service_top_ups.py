"""Top-up plans and top-ups. A top-up is paid like an order: it registers with payments as a payable kind
(its id starts with ``tu``), so WeChat Pay, Alipay and the mock take its money by their usual path, and the
notification that marks it paid credits the balance once (principal the amount, bonus the plan's bonus). Its
payment is refunded only by a withdrawal of unused principal (``service_withdrawals``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.loyalty.purchases import mark_paid_once, payable_reader
from shoal.loyalty.wallet import rules
from shoal.loyalty.wallet.errors import TopUpPlanUnavailable
from shoal.loyalty.wallet.models import TopUp, TopUpPlan
from shoal.loyalty.wallet.schemas import TopUpPlanCreate, TopUpPlanRead, TopUpPlanUpdate, TopUpRead, TopUpStart
from shoal.loyalty.wallet.service import credit
from shoal.loyalty.wallet.service_withdrawals import record_withdrawal_refund
from shoal.orders.schemas import PaidOutcome
from shoal.payments import service as payments
from shoal.payments.config import ProviderRegistry
from shoal.payments.payables import Payable, register_payable
from shoal.payments.schemas import PaymentRead, PaymentStart

PAY_WITHIN = timedelta(minutes=30)


async def create_plan(uow: UnitOfWork, *, data: TopUpPlanCreate) -> TopUpPlanRead:
    async with uow:
        uow.actor.require("marketing.manage")
        plan = TopUpPlan(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(plan)
        await uow.s.flush()
        uow.audit("top_up_plan.create", "top_up_plan", plan.id, data.model_dump())
        await uow.commit()
        return TopUpPlanRead.model_validate(plan)


async def update_plan(uow: UnitOfWork, *, plan_id: str, data: TopUpPlanUpdate) -> TopUpPlanRead:
    """Rename a plan or stop offering it; its amounts stay (top-ups started under them are paid as offered)."""
    async with uow:
        uow.actor.require("marketing.manage")
        plan = await _plan(uow, plan_id)
        for field, value in data.model_dump(exclude_unset=True).items():
            setattr(plan, field, value)
        uow.audit("top_up_plan.update", "top_up_plan", plan.id, data.model_dump(exclude_unset=True))
        await uow.commit()
        return TopUpPlanRead.model_validate(plan)


async def list_plans(uow: UnitOfWork, *, active_only: bool = False) -> list[TopUpPlanRead]:
    async with uow:
        query = select(TopUpPlan).where(TopUpPlan.tenant_id == uow.tenant_id)
        if active_only:
            query = query.where(TopUpPlan.active.is_(True))
        rows = await uow.s.execute(query.order_by(TopUpPlan.amount, TopUpPlan.id))
        return [TopUpPlanRead.model_validate(row) for row in rows.scalars()]


async def start_top_up(uow: UnitOfWork, *, providers: ProviderRegistry, data: TopUpStart) -> PaymentRead:
    """The shopper picks a plan and a provider: a pending top-up and the payment to complete, in one go."""
    async with uow:
        customer_id = shopper_id(uow)
        plan = await _plan(uow, data.plan_id)
        if not plan.active:
            raise TopUpPlanUnavailable()
        now = uow.clock.now()
        top_up = TopUp(id=rules.top_up_id(new_id()), tenant_id=uow.tenant_id, customer_id=customer_id,
                       plan_id=plan.id, amount=plan.amount, bonus=plan.bonus, status="pending", created_at=now,
                       expires_at=now + PAY_WITHIN)  # fmt: skip
        uow.s.add(top_up)
        await uow.s.flush()
        payment = await payments.start_payment(
            uow, providers=providers, order_id=top_up.id, customer_id=customer_id,
            data=PaymentStart(provider=data.provider, scene=data.scene),
        )  # fmt: skip
        await uow.commit()
        return payment


async def my_top_ups(uow: UnitOfWork) -> list[TopUpRead]:
    async with uow:
        rows = await uow.s.execute(
            select(TopUp)
            .where(TopUp.tenant_id == uow.tenant_id, TopUp.customer_id == shopper_id(uow))
            .order_by(TopUp.created_at.desc())
            .limit(50)
        )
        return [TopUpRead.model_validate(row) for row in rows.scalars()]


async def move_top_ups(uow: UnitOfWork, *, from_customer: str, to_customer: str) -> None:
    """A merge: the top-ups follow the principal they brought in, so the survivor's withdrawal pays them back."""
    await uow.s.execute(
        update(TopUp)
        .where(TopUp.tenant_id == uow.tenant_id, TopUp.customer_id == from_customer)
        .values(customer_id=to_customer)
        .execution_options(synchronize_session=False)
    )


async def _mark_paid(uow: UnitOfWork, *, order_id: str, payment_id: str, amount: int, paid_at: object) -> PaidOutcome:
    """The money came: ``pending -> paid`` once (guarded), and the balance credited once."""
    async with uow:
        row = await mark_paid_once(uow, TopUp, order_id, amount, TopUp.customer_id, TopUp.amount, TopUp.bonus)
        if row is None:
            return "already_paid"
        await credit(uow, customer_id=row[0], principal=row[1], bonus=row[2], reason="topup", reference=order_id)
        await uow.commit()
        return "paid"


async def _plan(uow: UnitOfWork, plan_id: str) -> TopUpPlan:
    plan = (
        await uow.s.execute(select(TopUpPlan).where(TopUpPlan.tenant_id == uow.tenant_id, TopUpPlan.id == plan_id))
    ).scalar_one_or_none()
    if plan is None:
        raise NotFound("top-up plan")
    return plan


register_payable(rules.TOP_UP_PREFIX, Payable(payable_reader(TopUp, "top-up"), _mark_paid, record_withdrawal_refund))
