"""Merging two customers' accounts (one person who arrived by two doors): customers' own part.

The merged account is closed with one guarded ``UPDATE ... WHERE status = 'active'`` (so a merge happens
once; a closed account can no longer sign in), its address book and every door (phones, emails, unionid,
card numbers, WeChat openids) move to the survivor, whose default address stays the default: whatever the
person signs in by afterwards finds the survivor. The survivor takes the merged contact phone, email and
password where it has none. Orders, coupons, points and balances move through their own domains' services,
in the same transaction, called by the loyalty domain that orchestrates the merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from shoal.core.errors import InvalidState, ValidationFailed
from shoal.core.uow import UnitOfWork
from shoal.customers.identities import move_doors
from shoal.customers.models import Address, Customer
from shoal.customers.service import customer_row

MERGED = "merged"


@dataclass(frozen=True, slots=True)
class Absorbed:
    addresses: int
    doors: int


async def absorb_customer(uow: UnitOfWork, *, survivor_id: str, merged_id: str) -> Absorbed:
    """Close ``merged_id`` into ``survivor_id``; move its addresses and doors."""
    async with uow:
        uow.actor.require("orders.manage")
        if survivor_id == merged_id:
            message = "不能把顾客合并到自己 / a customer cannot absorb itself"
            raise ValidationFailed([{"field": "merged_id", "code": "same_customer", "message": message}])
        survivor = await customer_row(uow, survivor_id)
        merged = await customer_row(uow, merged_id)
        if survivor.status != "active":
            raise InvalidState(action="merge", entity="customer", state=survivor.status)
        closed = await uow.s.execute(
            update(Customer)
            .where(Customer.tenant_id == uow.tenant_id, Customer.id == merged_id, Customer.status == "active")
            .values(status=MERGED)
            .execution_options(synchronize_session=False)
        )
        if closed.rowcount != 1:
            raise InvalidState(action="merge", entity="customer", state=MERGED)
        moved = await uow.s.execute(
            update(Address)
            .where(Address.tenant_id == uow.tenant_id, Address.customer_id == merged_id)
            .values(customer_id=survivor_id, is_default=False)
        )
        doors = await move_doors(uow, from_customer=merged_id, to_customer=survivor_id)
        await _take_contacts(uow, survivor, merged)
        await uow.commit()
        return Absorbed(addresses=int(moved.rowcount), doors=doors)


async def _take_contacts(uow: UnitOfWork, survivor: Customer, merged: Customer) -> None:
    """The closed account gives up its contact columns (unique per shop); the survivor keeps its own, else
    takes them. Either way they stay doors to the survivor."""
    phone, email, password = merged.phone, merged.email, merged.password_hash
    merged.phone = merged.email = None
    merged.status = MERGED
    await uow.s.flush()
    survivor.phone = survivor.phone or phone
    survivor.email = survivor.email or email
    survivor.password_hash = survivor.password_hash or password
