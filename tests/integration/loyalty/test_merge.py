"""Merging two customers moves orders, coupons, addresses, points, growth and balance to the survivor, with an
audit entry; nothing is lost or doubled, and a second merge of the same account is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.core.audit import AuditEntry
from shoal.core.errors import InvalidState
from shoal.customers import service_addresses
from shoal.customers.schemas import AddressCreate
from shoal.loyalty import service_levels, service_membership, service_merge, service_points
from shoal.loyalty.schemas import CustomerMerge, PointsAdjust
from shoal.loyalty.wallet import service as wallet
from shoal.orders.service_customers import live_order_count
from tests.integration.checkout.conftest import ADDRESS
from tests.integration.loyalty.conftest import ledger_sum, new_customer, shopper
from tests.integration.loyalty.test_wallet import order_of, wallet_sums


async def test_a_merge_moves_everything_once(shop, uow_factory) -> None:
    survivor, merged = shop.customer_id, await new_customer(uow_factory, "second@example.com")
    for who, points, balance in ((survivor, 100, (1_000, 0)), (merged, 250, (3_000, 700))):
        await service_points.adjust_points(uow_factory(), customer_id=who, data=PointsAdjust(points=points, reason="x"))
        await wallet.credit(uow_factory(), customer_id=who, principal=balance[0], bonus=balance[1], reason="adjust",
                            reference=f"seed-{who}")  # fmt: skip
    await service_levels.add_growth(uow_factory(), customer_id=merged, amount=40, reason="order", reference="o")
    await service_addresses.add_address(shopper(uow_factory, merged), data=AddressCreate.model_validate(ADDRESS))
    await order_of(shop, uow_factory, 1_000, merged)

    moved = await service_merge.merge_customers(uow_factory(), data=CustomerMerge(survivor_id=survivor,
                                                                                  merged_id=merged))  # fmt: skip
    assert (moved.orders, moved.addresses, moved.points, moved.balance) == (1, 1, 250, 3_700)
    assert await ledger_sum(uow_factory(), survivor) == (350, 350)
    assert await ledger_sum(uow_factory(), merged) == (0, 0)
    assert await wallet_sums(uow_factory(), survivor) == (4_000, 700, 4_000, 700)
    assert await wallet_sums(uow_factory(), merged) == (0, 0, 0, 0)
    assert (await service_membership.membership_of(uow_factory(), customer_id=survivor)).growth == 40
    assert await live_order_count(uow_factory(), customer_id=survivor) == 1
    book = await service_addresses.list_my_addresses(shopper(uow_factory, survivor))
    assert len(book) == 1
    with pytest.raises(InvalidState):
        await service_merge.merge_customers(uow_factory(), data=CustomerMerge(survivor_id=survivor, merged_id=merged))
    assert await ledger_sum(uow_factory(), survivor) == (350, 350)
    async with uow_factory() as uow:
        audits = (await uow.s.execute(select(AuditEntry.changes).where(
            AuditEntry.tenant_id == uow.tenant_id, AuditEntry.action == "customer.merge"))).scalars().all()  # fmt: skip
    assert [a["merged_id"] for a in audits] == [merged]
