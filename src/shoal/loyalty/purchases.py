"""What a top-up and a membership card purchase share as payable kinds (``payments.payables``): reading one as
the ``PayableOrder`` payments expects, and its one guarded ``pending -> paid`` move."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Row, select, update

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.orders.schemas import PayableOrder


def payable_reader(model: Any, entity: str) -> Callable[..., Awaitable[PayableOrder]]:
    async def read(uow: UnitOfWork, *, order_id: str, customer_id: str | None = None) -> PayableOrder:
        async with uow:
            query = select(model).where(model.tenant_id == uow.tenant_id, model.id == order_id)
            if customer_id is not None:
                query = query.where(model.customer_id == customer_id)
            row = (await uow.s.execute(query)).scalar_one_or_none()
            if row is None:
                raise NotFound(entity)
            status = "pending_payment" if row.status == "pending" else row.status
            return PayableOrder(row.id, row.id, row.amount, "CNY", status, row.customer_id, row.expires_at)

    return read


async def mark_paid_once(uow: UnitOfWork, model: Any, order_id: str, amount: int, *columns: Any) -> Row[Any] | None:
    """``pending -> paid`` for the full amount, once: the ``columns`` asked for, or None (paid already)."""
    moved = await uow.s.execute(
        update(model)
        .where(
            model.tenant_id == uow.tenant_id, model.id == order_id, model.status == "pending", model.amount == amount
        )
        .values(status="paid")
        .returning(*columns)
    )
    return moved.one_or_none()
