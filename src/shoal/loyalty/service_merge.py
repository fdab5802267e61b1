"""Merging two customers (one person, two doors): staff name the survivor; everything of the merged account
moves to it in one transaction, with an audit entry and a ``CustomersMerged`` event.

Customers closes the merged account with a guarded update (a merge happens once: a second is 409) and moves
its addresses; orders and coupons move by their domains' services; points, growth and balance move as a pair
of ledger entries each (out of the merged account, into the survivor, each referencing the other account),
under the merged member's row lock, so the sum over both accounts never changes and nothing moves twice.
Points moved in get a fresh expiry from the merge.
"""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.customers.service_merge import absorb_customer
from shoal.loyalty.events import CustomersMerged
from shoal.loyalty.models import Member
from shoal.loyalty.schemas import CustomerMerge, MergeRead
from shoal.loyalty.service_levels import add_growth
from shoal.loyalty.service_points import earn_expiry, post_points
from shoal.loyalty.wallet.service import credit, debit, parts_of
from shoal.loyalty.wallet.service_top_ups import move_top_ups
from shoal.marketing.service_transfer import move_coupons
from shoal.orders.service_customers import move_orders


async def merge_customers(uow: UnitOfWork, *, data: CustomerMerge) -> MergeRead:
    survivor, merged = data.survivor_id, data.merged_id
    async with uow:
        absorbed = await absorb_customer(uow, survivor_id=survivor, merged_id=merged)
        orders = await move_orders(uow, from_customer=merged, to_customer=survivor)
        coupons = await move_coupons(uow, from_customer=merged, to_customer=survivor)
        points, growth = await _member_figures(uow, merged)
        if points:
            await post_points(uow, customer_id=merged, points=-points, reason="merge_out", reference=survivor)
            await post_points(uow, customer_id=survivor, points=points, reason="merge_in", reference=merged,
                              expires_at=await earn_expiry(uow))  # fmt: skip
        if growth:
            await add_growth(uow, customer_id=merged, amount=-growth, reason="merge_out", reference=survivor)
            await add_growth(uow, customer_id=survivor, amount=growth, reason="merge_in", reference=merged)
        await move_top_ups(uow, from_customer=merged, to_customer=survivor)
        principal, bonus = await parts_of(uow, merged)
        if principal + bonus:
            await debit(uow, customer_id=merged, amount=principal + bonus, reason="merge_out", reference=survivor)
            await credit(uow, customer_id=survivor, principal=principal, bonus=bonus, reason="merge_in",
                         reference=merged)  # fmt: skip
        answer = MergeRead(survivor_id=survivor, merged_id=merged, orders=orders, coupons=coupons,
                           addresses=absorbed.addresses, doors=absorbed.doors, points=points,
                           balance=principal + bonus)  # fmt: skip
        uow.audit("customer.merge", "customer", survivor, answer.model_dump())
        uow.emit(CustomersMerged(survivor_id=survivor, merged_id=merged))
        await uow.commit()
        return answer


async def _member_figures(uow: UnitOfWork, customer_id: str) -> tuple[int, int]:
    found = await uow.s.execute(
        select(Member.points, Member.growth)
        .where(Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id)
        .with_for_update()
    )
    row = found.one_or_none()
    return (int(row[0]), int(row[1])) if row else (0, 0)
