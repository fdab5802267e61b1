"""A refund takes back the commission of the lines it names (an after-sales refund names its lines), and a
refund naming none in proportion to the goods, never the shipping: 李娜's order of ¥100 and ¥50 of tea plus
¥10 shipping earns 王小明 ¥15 (10%) and 陈店长 ¥4.50 (3%); refunding the ¥50 line takes back only its ¥5 and
¥1.50; refunding the other ¥100 of goods without naming a line takes back the rest, though the shipping stays
paid. Redelivered, nothing moves twice."""

from __future__ import annotations

from shoal.distribution import service_commission as commission
from shoal.orders import service as orders
from shoal.orders.schemas import LineRefund
from tests.integration.distribution.conftest import Programme, bind, drain, paid_order
from tests.integration.distribution.test_commission import balances


async def test_a_refund_takes_back_its_lines_and_the_goods_not_shipping(
    db, tenant, uow_factory, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    li_na = programme.shoppers[0]
    await bind(uow_factory, li_na, programme.promoter_code)
    order = await paid_order(uow_factory, tenant, programme, li_na, [10_000, 5_000], shipping=1_000)
    await commission.record_paid_order(db, tenant.id, order_id=order.id)
    assert await balances(db, tenant.id, programme.promoter) == (0, 1500, 0, 1500)
    second = order.lines[1]
    await orders.record_refund(uow_factory(), order_id=order.id, amount=5_000,
                               line_refunds=[LineRefund(second.id, 1, 5_000)])  # fmt: skip
    await drain(db)
    assert await balances(db, tenant.id, programme.promoter) == (0, 1000, 0, 1000)  # only the ¥50 line's ¥5
    assert await balances(db, tenant.id, programme.leader) == (0, 300, 0, 300)

    await orders.record_refund(uow_factory(), order_id=order.id, amount=10_000, line_refunds=[])
    await drain(db)
    await commission.apply_refund(db, tenant.id, order_id=order.id, refunded_total=15_000)  # redelivered
    assert await balances(db, tenant.id, programme.promoter) == (0, 0, 0, 0)  # all goods back: nothing kept
    assert await balances(db, tenant.id, programme.leader) == (0, 0, 0, 0)
