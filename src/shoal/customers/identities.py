"""The statements behind a customer's doors (``CustomerIdentity``), shared by account creation, WeChat sign-in,
staff linking and merges: which customer a door leads to, and linking one inside a savepoint, so a door taken
by someone else is a clean answer and the caller's transaction survives."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from shoal.core.uow import UnitOfWork
from shoal.customers.models import Customer, CustomerIdentity, WeChatIdentity


async def owner_of(uow: UnitOfWork, kind: str, value: str) -> str | None:
    """The id of the customer the door leads to, if any."""
    return await uow.s.scalar(
        select(CustomerIdentity.customer_id).where(
            CustomerIdentity.tenant_id == uow.tenant_id, CustomerIdentity.kind == kind, CustomerIdentity.value == value
        )
    )


async def customer_by_door(uow: UnitOfWork, kind: str, value: str) -> Customer | None:
    return (
        await uow.s.execute(
            select(Customer).join(CustomerIdentity, CustomerIdentity.customer_id == Customer.id).where(
                CustomerIdentity.tenant_id == uow.tenant_id, CustomerIdentity.kind == kind,
                CustomerIdentity.value == value,
            )
        )
    ).scalar_one_or_none()  # fmt: skip


async def link_door(uow: UnitOfWork, customer_id: str, kind: str, value: str) -> str:
    """Lead the door to ``customer_id`` (once; a door already theirs is kept): the id of the customer it leads
    to afterwards, which is another customer's when it was taken (by them, or a concurrent twin just now)."""
    try:
        async with uow.s.begin_nested():
            uow.s.add(CustomerIdentity(tenant_id=uow.tenant_id, customer_id=customer_id, kind=kind, value=value,
                                       created_at=uow.clock.now()))  # fmt: skip
    except IntegrityError:
        owner = await owner_of(uow, kind, value)
        if owner is None:
            raise
        return owner
    return customer_id


async def move_doors(uow: UnitOfWork, *, from_customer: str, to_customer: str) -> int:
    """Every door of ``from_customer`` (its WeChat openids too) now leads to ``to_customer``: the number moved."""
    moved = 0
    for model in (CustomerIdentity, WeChatIdentity):
        done = await uow.s.execute(
            update(model)
            .where(model.tenant_id == uow.tenant_id, model.customer_id == from_customer)
            .values(customer_id=to_customer)
            .execution_options(synchronize_session=False)
        )
        moved += int(done.rowcount)
    return moved
