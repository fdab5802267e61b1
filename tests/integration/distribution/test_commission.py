"""The commission lifecycle on both databases: pending on payment (through the outbox), cancelled in part by a
refund before settlement, settled once by the job after the after-sales window, clawed back after it (below
zero, never capped); self-purchase; binding by code, by share visit, and the protection period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shoal.core.actors import SYSTEM
from shoal.distribution import service_binding
from shoal.distribution import service_commission as commission
from shoal.distribution.errors import BindingRefused
from shoal.distribution.models import BindingChange, CommissionOrder, LedgerEntry, Promoter
from shoal.orders import service as orders
from tests.integration.distribution.conftest import Programme, bind, drain, paid_order, set_terms


async def balances(db, tenant_id: str, promoter_id: str) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """(balance, pending) of the row, and the sums of its settled and pending entries."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        row = await uow.s.get(Promoter, promoter_id)
        sums = dict((await uow.s.execute(
            select(LedgerEntry.status, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.promoter_id == promoter_id).group_by(LedgerEntry.status)
        )).all())  # fmt: skip
        return row.balance, row.pending, sums.get("settled", 0), sums.get("pending", 0)


async def test_payment_earns_pending_commission_once_for_both_tiers(
    db, tenant, uow_factory, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    li_na = programme.shoppers[0]
    await bind(uow_factory, li_na, programme.promoter_code)
    order = await paid_order(uow_factory, tenant, programme, li_na, [3333, 3333, 3334])
    await drain(db)  # OrderPaid -> commission
    assert not await commission.record_paid_order(db, tenant.id, order_id=order.id)  # redelivered: nothing twice
    assert await balances(db, tenant.id, programme.promoter) == (0, 1000, 0, 1000)  # 10% of ¥100.00
    assert await balances(db, tenant.id, programme.leader) == (0, 300, 0, 300)  # 3% to the inviter


async def test_refunds_cancel_before_and_claw_back_after_settlement(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    li_na = programme.shoppers[0]
    await bind(uow_factory, li_na, programme.promoter_code)
    order = await paid_order(uow_factory, tenant, programme, li_na, [19_900])
    await commission.record_paid_order(db, tenant.id, order_id=order.id)
    await orders.record_refund(uow_factory(), order_id=order.id, amount=4_975, line_refunds=[])  # a quarter back
    await drain(db)
    assert await balances(db, tenant.id, programme.promoter) == (0, 1492, 0, 1492)  # 1990 × ¾ = 1492.5, rounded down
    await commission.on_status_changed(db, tenant.id, {"order_id": order.id, "to_status": "delivered"})
    assert await commission.settle_due(db) == 0  # the after-sales window (7 days) is still open
    clock.advance(days=7, seconds=1)
    assert await commission.settle_due(db) >= 1
    assert await commission.settle_due(db) == 0  # settled once
    assert await balances(db, tenant.id, programme.promoter) == (1492, 0, 1492, 0)
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:  # the promoter withdrew meanwhile
        await uow.s.execute(Promoter.__table__.update().where(Promoter.id == programme.promoter).values(balance=0))
        uow.s.add(LedgerEntry(tenant_id=tenant.id, promoter_id=programme.promoter, key="withdrawal:test",
                              kind="withdrawal", amount=-1492, status="settled", created_at=clock.now()))  # fmt: skip
        await uow.commit()
    await orders.record_refund(uow_factory(), order_id=order.id, amount=14_925, line_refunds=[])  # the rest
    await drain(db)
    await commission.apply_refund(db, tenant.id, order_id=order.id, refunded_total=19_900)  # redelivered
    balance, pending, settled, _ = await balances(db, tenant.id, programme.promoter)
    assert (balance, pending) == (-1492, 0) and balance == settled  # below zero: never capped, never lost


async def test_self_purchase_earns_only_when_the_shop_allows_it(db, tenant, uow_factory, programme: Programme) -> None:  # type: ignore[no-untyped-def]
    first = await paid_order(uow_factory, tenant, programme, programme.promoter_customer, [10_000])
    assert not await commission.record_paid_order(db, tenant.id, order_id=first.id)
    await set_terms(uow_factory, self_purchase=True)
    second = await paid_order(uow_factory, tenant, programme, programme.promoter_customer, [10_000])
    assert await commission.record_paid_order(db, tenant.id, order_id=second.id)
    assert (await balances(db, tenant.id, programme.promoter))[1] == 1000
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        assert await uow.s.scalar(select(func.count()).select_from(CommissionOrder)
                                  .where(CommissionOrder.order_id == first.id)) == 0  # fmt: skip


async def test_protection_period_keeps_the_shopper_and_history_is_kept(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    await set_terms(uow_factory, binding_mode="last", protection_days=15)
    zhang_wei = programme.shoppers[1]
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        leader_code = (await uow.s.get(Promoter, programme.leader)).code
    assert (await bind(uow_factory, zhang_wei, programme.promoter_code)).promoter_id == programme.promoter
    clock.advance(days=3)
    with pytest.raises(BindingRefused):  # within 王小明's protection period
        await bind(uow_factory, zhang_wei, leader_code)
    clock.advance(days=13)
    assert (await bind(uow_factory, zhang_wei, leader_code)).source == "clerk"  # 陈店长 is a store's clerk
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        query = select(BindingChange.to_promoter_id).where(BindingChange.customer_id == zhang_wei)
        history = (await uow.s.scalars(query.order_by(BindingChange.at))).all()
    assert history == [programme.promoter, programme.leader]


async def test_a_share_visit_binds_through_the_outbox_first_touch_stays(
    db, tenant, uow_factory, clock, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    from shoal.campaigns.sharing import rules as share_rules
    from shoal.campaigns.sharing.service import record_visit
    from shoal.core.actors import Actor

    liu_yang = programme.shoppers[2]
    for sharer in (programme.promoter_customer, programme.shoppers[0]):  # 王小明's link, then 李娜's (not a promoter)
        claim = share_rules.ShareClaim(tenant.id, sharer, "product", "p", clock.now() + timedelta(days=1))
        visit_uow = db.uow(tenant_id=tenant.id, actor=Actor(kind="anonymous"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("shoal.campaigns.sharing.targets.resolve", _any_target)
            await record_visit(visit_uow, claim=claim, customer_id=liu_yang, visitor_id=None, locale="zh-CN")
    await drain(db)
    async with db.uow(tenant_id=tenant.id, actor=SYSTEM) as uow:
        binding = await service_binding.binding_of(uow, liu_yang)
    assert binding is not None and binding.promoter_id == programme.promoter and binding.source == "link"


async def _any_target(_uow, _kind, _id, _locale):  # type: ignore[no-untyped-def]
    from shoal.campaigns.sharing.targets import Target

    return Target(path="/", name="西湖龙井", price=19_900, currency="CNY")
