"""Merging two customers' accounts (one person who arrived by two doors): customers' own part.

The merged account is closed with one guarded ``UPDATE ... WHERE status = 'active'`` (so a merge happens
once; a closed account can no longer sign in) and its address book moves to the survivor, whose default
stays the default. Orders, coupons, points and balances move through their own domains' services, in the
same transaction, called by the loyalty domain that orchestrates the merge.
"""

from __future__ import annotations

from sqlalchemy import update

from shoal.core.errors import InvalidState, ValidationFailed
from shoal.core.uow import UnitOfWork
from shoal.customers.models import Address, Customer
from shoal.customers.service import customer_row

MERGED = "merged"


async def absorb_customer(uow: UnitOfWork, *, survivor_id: str, merged_id: str) -> int:
    """Close ``merged_id`` into ``survivor_id`` and move its addresses; the number of addresses moved."""
    async with uow:
        uow.actor.require("orders.manage")
        if survivor_id == merged_id:
            message = "不能把顾客合并到自己 / a customer cannot absorb itself"
            raise ValidationFailed([{"field": "merged_id", "code": "same_customer", "message": message}])
        survivor = await customer_row(uow, survivor_id)
        await customer_row(uow, merged_id)
        if survivor.status != "active":
            raise InvalidState(action="merge", entity="customer", state=survivor.status)
        closed = await uow.s.execute(
            update(Customer)
            .where(Customer.tenant_id == uow.tenant_id, Customer.id == merged_id, Customer.status == "active")
            .values(status=MERGED)
        )
        if closed.rowcount != 1:
            raise InvalidState(action="merge", entity="customer", state=MERGED)
        moved = await uow.s.execute(
            update(Address)
            .where(Address.tenant_id == uow.tenant_id, Address.customer_id == merged_id)
            .values(customer_id=survivor_id, is_default=False)
        )
        await uow.commit()
        return int(moved.rowcount)
