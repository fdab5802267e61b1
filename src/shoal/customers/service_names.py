"""Shoppers' display names for pages that say who did something (an order's history, the audit of a case)."""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.customers.models import Customer


async def customer_names(uow: UnitOfWork, *, ids: set[str]) -> dict[str, str]:
    """Names of this shop's customers among ``ids`` (a customer with no name is left out)."""
    if not ids:
        return {}
    async with uow:
        rows = await uow.s.execute(
            select(Customer.id, Customer.name).where(Customer.tenant_id == uow.tenant_id, Customer.id.in_(ids))
        )
        return {row.id: row.name for row in rows if row.name}
