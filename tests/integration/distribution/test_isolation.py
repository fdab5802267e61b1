"""The promoter level of the chain brand → dealer → store → promoter, on both databases: each promoter reads only
their own part. 王小明 (invited by 陈店长, a store's promoter) and 赵六 (nobody's) each have a shopper bound and
a paid order; each sees only their own customer and commission, the inviter only the second-tier commission of
王小明's sale and his own team, never 赵六's."""

from __future__ import annotations

from shoal.distribution import service_promoters, service_reports
from shoal.distribution.schemas import AppointIn
from tests.integration.distribution.conftest import Programme, bind, customer, drain, paid_order, shopper


async def test_each_promoter_sees_only_their_own_customers_commissions_and_team(
    db, tenant, uow_factory, programme: Programme
) -> None:  # type: ignore[no-untyped-def]
    li_na, zhang_wei, _ = programme.shoppers
    zhao_customer = await customer(uow_factory, "赵六", "13300007777")
    zhao = await service_promoters.appoint(uow_factory(), data=AppointIn(customer_id=zhao_customer, name="赵六"))
    await bind(uow_factory, li_na, programme.promoter_code)
    await bind(uow_factory, zhang_wei, zhao.code)
    li_order = await paid_order(uow_factory, tenant, programme, li_na, [10_000])
    zhang_order = await paid_order(uow_factory, tenant, programme, zhang_wei, [20_000])
    await drain(db)

    leader_customer = (await service_promoters.get_promoter(uow_factory(), promoter_id=programme.leader)).customer_id
    seen: dict[str, object] = {}
    for name, customer_id in (("王小明", programme.promoter_customer), ("赵六", zhao_customer),
                              ("陈店长", leader_customer)):  # fmt: skip
        customers = [row.customer_id for row in await service_reports.my_customers(shopper(uow_factory, customer_id))]
        entries = await service_reports.my_entries(shopper(uow_factory, customer_id))
        team = [row.name for row in await service_reports.my_team(shopper(uow_factory, customer_id))]
        seen[name] = (customers, [(e.order_id, e.tier, e.amount) for e in entries], team)
    assert seen == {
        "王小明": ([li_na], [(li_order.id, 1, 1_000)], []),
        "赵六": ([zhang_wei], [(zhang_order.id, 1, 2_000)], []),
        "陈店长": ([], [(li_order.id, 2, 300)], ["王小明"]),
    }
