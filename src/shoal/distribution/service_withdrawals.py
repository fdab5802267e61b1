"""Withdrawals (提现): a promoter asks, staff review, a payout provider pays, its notification (or the
reconciliation job's query) settles. Never assumed paid.

The request takes the money out of the balance at once with one guarded statement
(``UPDATE ... SET balance = balance - :x WHERE balance >= :x``), after the day's total took its share of the
daily limit with a guarded upsert: concurrent requests can never withdraw more than the balance or the limit,
and a refused one writes nothing. Every later move is a guarded transition of the withdrawal's status, so a
notification delivered ten times settles once, and a rejected or failed payout gives the amount back once.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState, NotFound
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.ids import new_id
from shoal.core.money import format_amount
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service_wechat import openid_of
from shoal.distribution import errors, ledger, rules
from shoal.distribution.events import WithdrawalSettled
from shoal.distribution.models import Promoter, Withdrawal, WithdrawalDay
from shoal.distribution.payouts.base import PayoutProvider, TransferRequest, TransferResult
from shoal.distribution.payouts.registry import NoPayoutProvider, Payouts, from_settings
from shoal.distribution.payouts.wechat import WeChatTransferProvider
from shoal.distribution.schemas import WithdrawalRead
from shoal.distribution.service import load_terms
from shoal.distribution.service_promoters import load_promoter, my_promoter
from shoal.payments.config import registry_from_env
from shoal.payments.providers.errors import ForgedNotification, ProviderFailed

log = logging.getLogger("shoal.distribution")
OPEN = ("processing", "awaiting_confirmation")


async def request_withdrawal(uow: UnitOfWork, *, amount: int, key: str, locale: str) -> Outcome:
    """``POST /store/promoter/withdrawals`` under ``Idempotency-Key``: 201 and the withdrawal, or the refusal."""

    async def handler(inner: UnitOfWork) -> tuple[int, dict[str, object]]:
        withdrawal = await _take(inner, amount)
        return 201, WithdrawalRead.model_validate(withdrawal).model_dump(mode="json")

    return await run_once(uow, scope=f"distribution.withdraw:{uow.actor.id}", key=key, locale=locale,
                          request_fingerprint=fingerprint({"amount": amount}), handler=handler)  # fmt: skip


async def _take(uow: UnitOfWork, amount: int) -> Withdrawal:
    async with uow:
        promoter = await my_promoter(uow)
        if promoter.status != "active":
            raise errors.NotAPromoter()
        terms = await load_terms(uow)
        refusal = rules.withdrawal_refusal(amount, terms)
        if refusal == "below_minimum":
            raise errors.WithdrawalBelowMinimum(minimum=format_amount(terms.min_withdrawal))
        if refusal or not await _count_today(uow, promoter.id, amount, terms.daily_withdrawal_limit):
            raise errors.DailyLimitReached(limit=format_amount(terms.daily_withdrawal_limit))
        taken = await uow.s.execute(
            update(Promoter)
            .where(
                Promoter.tenant_id == uow.tenant_id,
                Promoter.id == promoter.id,
                Promoter.status == "active",
                Promoter.balance >= amount,
            )
            .values(balance=Promoter.balance - amount)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            raise errors.InsufficientBalance()
        now = uow.clock.now()
        withdrawal = Withdrawal(
            tenant_id=uow.tenant_id, promoter_id=promoter.id, amount=amount, provider="",
            out_bill_no=f"SW{now:%Y%m%d}{secrets.token_hex(8).upper()}", status="requested", created_at=now,
        )  # fmt: skip
        uow.s.add(withdrawal)
        await uow.s.flush()
        ledger.record(uow, promoter_id=promoter.id, key=f"withdrawal:{withdrawal.id}", kind="withdrawal",
                      amount=-amount, status="settled", withdrawal_id=withdrawal.id)  # fmt: skip
        await uow.commit()
        return withdrawal


async def _count_today(uow: UnitOfWork, promoter_id: str, amount: int, limit: int) -> bool:
    """Take ``amount`` of the day's limit: one guarded upsert, refused (no row) when it would pass."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    statement = insert(WithdrawalDay).values(
        id=new_id(), tenant_id=uow.tenant_id, promoter_id=promoter_id, day=uow.clock.now().date(), total=amount,
        requests=1,
    )  # fmt: skip
    done = await uow.s.execute(
        statement.on_conflict_do_update(
            index_elements=["tenant_id", "promoter_id", "day"],
            set_={"total": WithdrawalDay.total + amount, "requests": WithdrawalDay.requests + 1},
            where=WithdrawalDay.total + amount <= limit,
        )
    )
    return done.rowcount == 1


async def list_withdrawals(uow: UnitOfWork, *, status: str | None = None, mine: bool = False) -> list[WithdrawalRead]:
    async with uow:
        query = select(Withdrawal).where(Withdrawal.tenant_id == uow.tenant_id)
        if mine:
            query = query.where(Withdrawal.promoter_id == (await my_promoter(uow)).id)
        else:
            uow.actor.require("marketing.manage")
        if status:
            query = query.where(Withdrawal.status == status)
        rows = await uow.s.scalars(query.order_by(Withdrawal.created_at.desc()).limit(200))
        return [WithdrawalRead.model_validate(row) for row in rows]


async def reject(uow: UnitOfWork, *, withdrawal_id: str, reason: str) -> WithdrawalRead:
    """Staff refuse a request: the amount goes back to the balance (once: a guarded transition)."""
    async with uow:
        uow.actor.require("marketing.manage")
        if not await _move(uow, withdrawal_id, ("requested",), "rejected", reason=reason):
            raise await _bad_state(uow, withdrawal_id, "reject")
        withdrawal = await _load(uow, withdrawal_id)
        await _give_back(uow, withdrawal)
        uow.audit("reject", "withdrawal", withdrawal.id, {"reason": reason})
        await uow.commit()
        return WithdrawalRead.model_validate(withdrawal)


async def approve(uow: UnitOfWork, *, payouts: Payouts, withdrawal_id: str) -> WithdrawalRead:
    """Staff approve: the transfer goes to the provider, and the withdrawal waits for its confirmation."""
    async with uow:
        uow.actor.require("marketing.manage")
        provider = await payouts.for_shop(uow)
        withdrawal = await _load(uow, withdrawal_id)
        receiver = await _receiver(uow, provider, await load_promoter(uow, withdrawal.promoter_id))
        if not await _move(uow, withdrawal_id, ("requested",), "processing", provider=provider.name):
            raise await _bad_state(uow, withdrawal_id, "approve")
        uow.audit("approve", "withdrawal", withdrawal_id, {"provider": provider.name})
        await uow.commit()
        request = TransferRequest(withdrawal.out_bill_no, withdrawal.amount, receiver, "分销佣金提现")
    result = await provider.transfer(request)  # outside the transaction: a slow provider holds no row
    await apply_result(uow.db, uow.tenant_id or "", result)
    async with uow.db.uow(tenant_id=uow.tenant_id, actor=SYSTEM) as fresh:
        return WithdrawalRead.model_validate(await _load(fresh, withdrawal_id))


async def apply_result(db: Database, tenant_id: str, result: TransferResult) -> bool:
    """What the provider said, applied once: waiting, paid, or failed (the amount back). ``True`` if it moved."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        withdrawal = await uow.s.scalar(
            select(Withdrawal).where(Withdrawal.tenant_id == tenant_id, Withdrawal.out_bill_no == result.out_bill_no)
        )
        if withdrawal is None:
            return False
        now = uow.clock.now()
        if result.state == "awaiting_confirmation":
            moved = await _move(uow, withdrawal.id, ("processing",), result.state, provider_reference=result.reference,
                                package_info=result.package_info)  # fmt: skip
        elif result.state == "paid":
            moved = await _move(uow, withdrawal.id, OPEN, "paid", settled_at=now)
        elif result.state == "failed":
            moved = await _move(uow, withdrawal.id, OPEN, "failed", settled_at=now)
            if moved:
                await _give_back(uow, withdrawal)
        else:
            moved = False
        if moved and result.state in ("paid", "failed"):
            uow.emit(WithdrawalSettled(withdrawal_id=withdrawal.id, promoter_id=withdrawal.promoter_id,
                                       amount=withdrawal.amount, status=result.state))  # fmt: skip
        await uow.commit()
        return moved


async def notify(
    db: Database, tenant_id: str, *, payouts: Payouts, provider: str, headers: Mapping[str, str], body: bytes
) -> bool:
    """A provider's notification: verified first (a forged one is refused, nothing written), then applied."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        try:
            source = await payouts.named(uow, provider)
        except NoPayoutProvider as exc:
            raise errors.PayoutRefused(reason="unknown provider") from exc
    try:
        result = source.parse_notice(headers, body)
    except ForgedNotification as exc:
        raise errors.PayoutRefused(reason=exc.params.get("reason", "forged")) from exc
    return await apply_result(db, tenant_id, result)


async def reconcile(db: Database, tenant_id: str, *, payouts: Payouts) -> int:
    """Ask the provider about every withdrawal still out (a lost notification); answers how many moved. A
    transfer the provider never acknowledged (no reference: the approval's call failed) is sent again with the
    same bill number, which the provider takes at most once."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        waiting = list(await uow.s.scalars(
            select(Withdrawal).where(Withdrawal.tenant_id == tenant_id, Withdrawal.status.in_(OPEN)).limit(100)
        ))  # fmt: skip
        providers = {name: await payouts.named(uow, name) for name in {w.provider for w in waiting}}
        unsent = {w.id: TransferRequest(w.out_bill_no, w.amount, await _receiver(uow, providers[w.provider],
                                        await load_promoter(uow, w.promoter_id)), "分销佣金提现")
                  for w in waiting if w.provider_reference is None}  # fmt: skip
    moved = 0
    for withdrawal in waiting:
        provider = providers[withdrawal.provider]
        try:
            again = unsent.get(withdrawal.id)
            result = await (provider.transfer(again) if again else provider.query(withdrawal.out_bill_no))
        except ProviderFailed:
            log.warning("payout %s: the provider did not answer; asking again next time", withdrawal.out_bill_no)
            continue
        moved += await apply_result(db, tenant_id, result)
    return moved


async def _receiver(uow: UnitOfWork, provider: PayoutProvider, promoter: Promoter) -> str:
    """Who receives: the promoter's openid of the shop's WeChat app, or (mock) the promoter's customer id."""
    if not isinstance(provider, WeChatTransferProvider):
        return promoter.customer_id
    openid = await openid_of(uow, customer_id=promoter.customer_id, appid=provider.config.appid)
    if openid is None:
        raise NotFound("wechat_identity", customer_id=promoter.customer_id)
    return openid


async def _move(uow: UnitOfWork, withdrawal_id: str, sources: tuple[str, ...], target: str, **values: object) -> bool:
    moved = await uow.s.execute(
        update(Withdrawal)
        .where(Withdrawal.tenant_id == uow.tenant_id, Withdrawal.id == withdrawal_id, Withdrawal.status.in_(sources))
        .values(status=target, decided_at=uow.clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount == 1


async def _give_back(uow: UnitOfWork, withdrawal: Withdrawal) -> None:
    await ledger.post(uow, promoter_id=withdrawal.promoter_id, key=f"withdrawal_return:{withdrawal.id}",
                      kind="withdrawal_return", amount=withdrawal.amount, status="settled",
                      withdrawal_id=withdrawal.id)  # fmt: skip


async def _load(uow: UnitOfWork, withdrawal_id: str) -> Withdrawal:
    row = await uow.s.scalar(
        select(Withdrawal)
        .where(Withdrawal.tenant_id == uow.tenant_id, Withdrawal.id == withdrawal_id)
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise NotFound("withdrawal", id=withdrawal_id)
    return row


async def _bad_state(uow: UnitOfWork, withdrawal_id: str, action: str) -> InvalidState:
    return InvalidState(entity="withdrawal", state=(await _load(uow, withdrawal_id)).status, action=action)


async def reconcile_all(db: Database) -> int:
    """The ``distribution.reconcile_payouts`` job, with the environment's providers (a shop's own WeChat Pay
    account is found through the payments registry, as at approval)."""
    settings = get_settings()
    payouts = from_settings(registry_from_env(clock=db.clock, mock_enabled=settings.mock_payments_enabled,
                                              settings=settings), clock=db.clock, settings=settings)  # fmt: skip
    return sum([await reconcile(db, tenant_id, payouts=payouts) for tenant_id in await tenant_ids(db)])


register_job("distribution.reconcile_payouts", reconcile_all)
