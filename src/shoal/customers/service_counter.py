"""A shopper at a store's counter: the clerk finds the member by the phone number the shopper tells them."""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.customers.models import Customer
from shoal.customers.schemas import CustomerRead
from shoal.customers.service import phone_or_error


async def find_by_phone(uow: UnitOfWork, *, phone: str) -> CustomerRead | None:
    """The active customer with exactly this phone. A shopper who tells the clerk their number is presenting
    themselves, so the store scope of browsing members (``store_scope``) does not apply to this exact match."""
    async with uow:
        uow.actor.require("orders.read")
        found = (
            await uow.s.execute(
                select(Customer).where(
                    Customer.tenant_id == uow.tenant_id, Customer.phone == phone_or_error(phone),
                    Customer.status == "active",
                )
            )
        ).scalar_one_or_none()  # fmt: skip
        return CustomerRead.model_validate(found) if found else None
