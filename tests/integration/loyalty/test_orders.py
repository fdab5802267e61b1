"""Loyalty follows orders: growth when paid, points (times the level's multiplier) when completed, both taken
back in proportion on refunds; every event delivered twice moves nothing twice."""

from __future__ import annotations

from sqlalchemy import update

from shoal.core.outbox import OutboxRow
from shoal.loyalty import service_membership, service_points
from shoal.payments import service as payments
from shoal.payments import service_refunds
from shoal.payments.config import build_registry
from shoal.payments.schemas import RefundCreate
from tests.integration.loyalty.conftest import add_levels, bought, drain, ledger_sum, received


async def redeliver_everything(db, tenant_id: str) -> None:  # type: ignore[no-untyped-def]
    """Every event of the shop delivered again, as at-least-once delivery may."""
    async with db.uow(tenant_id=tenant_id) as uow:
        await uow.s.execute(update(OutboxRow).where(OutboxRow.tenant_id == tenant_id)
                            .values(dispatched_at=None, next_attempt_at=uow.clock.now(), attempts=0))  # fmt: skip
        await uow.commit()
    await drain(db)


async def test_an_order_earns_growth_then_points_at_its_level_and_a_refund_takes_a_share_back(
    shop, uow_factory, db, clock, tenant
) -> None:
    await add_levels(uow_factory, ("V1", 0, 100), ("V2", 20, 200))
    order_id = await bought(shop, uow_factory, db, clock, quantity=3)  # 3 × ¥10.00 + shipping
    member = await service_membership.membership_of(uow_factory(), customer_id=shop.customer_id)
    assert member.level.code == "V2" and member.points == 0  # type: ignore[union-attr]
    paid = member.growth * 100  # growth is one per whole yuan paid
    await received(shop, uow_factory, db, order_id)
    statement = await service_points.points_statement(uow_factory(), customer_id=shop.customer_id)
    assert statement.balance == paid // 100 * 2  # V2 earns double
    await redeliver_everything(db, tenant.id)
    assert (await service_points.points_statement(uow_factory(), customer_id=shop.customer_id)).balance == (
        statement.balance
    )
    providers = build_registry(clock=clock, mock_enabled=True)
    payment = (await payments.list_payments(uow_factory(), limit=1, cursor=None, order_id=order_id)).items[0]
    await service_refunds.refund(uow_factory(), providers=providers, payment_id=payment.id,
                                 data=RefundCreate(amount=payment.amount // 2, reason="部分退款"))  # fmt: skip
    await drain(db)
    await redeliver_everything(db, tenant.id)
    after = await service_membership.membership_of(uow_factory(), customer_id=shop.customer_id)
    earned = paid // 100 * 2
    assert after.points == earned - earned * (payment.amount // 2) // payment.amount
    assert after.growth == member.growth - payment.amount // 2 // 100
    assert await ledger_sum(uow_factory(), shop.customer_id) == (after.points, after.points)
