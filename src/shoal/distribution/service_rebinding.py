"""Staff and a shopper's binding: the history (who bound them, when, how, protected until when) and a rebind
by hand. Staff decide, so a rebind ignores the protection period and the change limit and is not counted
against the limit; it is audited and kept in the history with who made it and why. The new promoter's
protection period starts at the rebind, as for any binding.

The write is one upsert on the shopper's binding (unique per shopper), so a concurrent bind by a touch loses
its compare-and-set on the promoter it read and decides again against the staff's choice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.customers.service import customer_row
from shoal.distribution.models import Binding, BindingChange, Promoter
from shoal.distribution.schemas import BindingChangeRead, BindingHistory, BindingRead, RebindIn
from shoal.distribution.service import load_terms
from shoal.distribution.service_binding import binding_of
from shoal.distribution.service_promoters import load_promoter


async def binding_history(uow: UnitOfWork, *, customer_id: str) -> BindingHistory:
    """The shopper's binding now and every change, newest first (another tenant's shopper is a 404)."""
    async with uow:
        await customer_row(uow, customer_id)
        return await _history(uow, customer_id)


async def rebind(uow: UnitOfWork, *, customer_id: str, data: RebindIn) -> BindingHistory:
    """Move the shopper to ``data.promoter_id`` by hand (409 if already theirs, or the promoter is suspended
    or is the shopper)."""
    async with uow:
        await customer_row(uow, customer_id)
        promoter = await load_promoter(uow, data.promoter_id)
        current = await binding_of(uow, customer_id)
        if promoter.status != "active" or promoter.customer_id == customer_id:
            raise InvalidState(action="rebind", entity="promoter", state=promoter.status)
        if current is not None and current.promoter_id == promoter.id:
            raise InvalidState(action="rebind", entity="binding", state="bound")
        at = uow.clock.now()
        until = at + timedelta(days=(await load_terms(uow)).protection_days)
        await _upsert(uow, customer_id, promoter.id, at, until)
        uow.s.add(BindingChange(
            tenant_id=uow.tenant_id, customer_id=customer_id, to_promoter_id=promoter.id, source="staff", at=at,
            from_promoter_id=current.promoter_id if current else None, protected_until=until,
            staff=uow.actor.label[:120], reason=data.reason,
        ))  # fmt: skip
        uow.audit("rebind", "promoter_binding", customer_id, {
            "from": current.promoter_id if current else None, "to": promoter.id, "reason": data.reason,
        })  # fmt: skip
        await uow.s.flush()
        history = await _history(uow, customer_id)
        await uow.commit()
        return history


async def _upsert(uow: UnitOfWork, customer_id: str, promoter_id: str, at: datetime, until: datetime) -> None:
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    values = {"promoter_id": promoter_id, "source": "staff", "bound_at": at, "protected_until": until}
    await uow.s.execute(
        insert(Binding)
        .values(id=new_id(), tenant_id=uow.tenant_id, customer_id=customer_id, changes=0, **values)
        .on_conflict_do_update(index_elements=["tenant_id", "customer_id"], set_=values)
    )


async def _history(uow: UnitOfWork, customer_id: str) -> BindingHistory:
    changes = (await uow.s.scalars(
        select(BindingChange)
        .where(BindingChange.tenant_id == uow.tenant_id, BindingChange.customer_id == customer_id)
        .order_by(BindingChange.at.desc(), BindingChange.id.desc())
    )).all()  # fmt: skip
    ids = {c.to_promoter_id for c in changes} | {c.from_promoter_id for c in changes if c.from_promoter_id}
    names = dict((await uow.s.execute(
        select(Promoter.id, Promoter.name).where(Promoter.tenant_id == uow.tenant_id, Promoter.id.in_(ids))
    )).all()) if ids else {}  # fmt: skip
    current = await binding_of(uow, customer_id)
    rows = [
        BindingChangeRead(
            from_promoter_id=c.from_promoter_id,
            from_promoter=names.get(c.from_promoter_id or ""),
            to_promoter_id=c.to_promoter_id,
            to_promoter=names.get(c.to_promoter_id, ""),
            source=c.source,
            at=c.at,
            protected_until=c.protected_until,
            staff=c.staff,
            reason=c.reason,
        )
        for c in changes
    ]
    return BindingHistory(
        customer_id=customer_id, current=BindingRead.model_validate(current) if current else None, changes=rows
    )
