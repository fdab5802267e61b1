"""Binding shoppers to promoters: through a promoter's share link (the ``ShareVisited`` event), a promoter's
code typed or scanned (a clerk's, in store), first or last touch as the shop's terms say.

Every change is a guarded statement: a first binding is an insert that loses quietly to a concurrent one
(unique per shopper), a rebind is a compare-and-set on the binding as it was read (promoter and change
count), re-decided if someone moved it meanwhile. Each bind and rebind is kept in the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.campaigns.sharing.events import ShareVisited
from shoal.core.actors import SYSTEM
from shoal.core.errors import Unauthenticated
from shoal.core.ids import new_id
from shoal.core.outbox import subscribe
from shoal.core.uow import Database, UnitOfWork
from shoal.distribution import errors, rules
from shoal.distribution.models import Binding, BindingChange, Promoter
from shoal.distribution.schemas import BindIn, BindingRead
from shoal.distribution.service import load_terms
from shoal.distribution.service_promoters import promoter_by_code, promoter_of_customer

ATTEMPTS = 3  # a compare-and-set lost to a concurrent bind is decided again, a few times at most
REASONS = {
    "protected": ("within another promoter's protection period", "仍在其他分销员的保护期内"),
    "first": ("the shop keeps a shopper's first promoter", "本店以首次绑定为准"),
    "limit": ("the binding has changed too often", "绑定关系变更次数已达上限"),
    "self": ("a promoter cannot bind themselves", "分销员不能绑定自己"),
}


async def bind(
    uow: UnitOfWork, *, customer_id: str, promoter: Promoter, source: str, at: datetime
) -> tuple[rules.BindingDecision, Binding | None]:
    """Bind the shopper to ``promoter`` if the terms allow; answers the decision and the binding now."""
    if promoter.customer_id == customer_id or promoter.status != "active":
        return "keep", await binding_of(uow, customer_id)
    terms = await load_terms(uow)
    for _ in range(ATTEMPTS):
        current = await binding_of(uow, customer_id)
        state = None if current is None else rules.CurrentBinding(
            current.promoter_id, current.bound_at, current.protected_until, current.changes
        )  # fmt: skip
        decision = rules.decide_binding(state, promoter.id, terms=terms, at=at)
        if decision == "keep":
            return decision, current
        until = at + timedelta(days=terms.protection_days)
        if await _write(uow, customer_id, promoter.id, source, at, until, current):
            uow.s.add(BindingChange(
                tenant_id=uow.tenant_id, customer_id=customer_id, to_promoter_id=promoter.id, source=source, at=at,
                from_promoter_id=current.promoter_id if current else None, protected_until=until,
            ))  # fmt: skip
            await uow.s.flush()
            return decision, await binding_of(uow, customer_id)
    return "keep", await binding_of(uow, customer_id)


async def bind_by_code(uow: UnitOfWork, *, data: BindIn) -> BindingRead:
    """``POST /store/promoter/bind``: the signed-in shopper joins the code's promoter (a clerk's code binds
    as ``clerk``). Staying with someone else is a 409 that says why; joining one's own promoter is fine."""
    async with uow:
        if uow.actor.kind != "shopper" or not uow.actor.id:
            raise Unauthenticated()
        promoter = await promoter_by_code(uow, data.code)
        if promoter.customer_id == uow.actor.id:
            raise _refused("self")
        source = "clerk" if promoter.store_id else "code"
        _decision, binding = await bind(uow, customer_id=uow.actor.id, promoter=promoter, source=source,
                                       at=uow.clock.now())  # fmt: skip
        if binding is None or binding.promoter_id != promoter.id:
            raise _refused(await _why(uow, binding))
        await uow.commit()
        return BindingRead.model_validate(binding)


async def binding_of(uow: UnitOfWork, customer_id: str) -> Binding | None:
    return await uow.s.scalar(
        select(Binding)
        .where(Binding.tenant_id == uow.tenant_id, Binding.customer_id == customer_id)
        .execution_options(populate_existing=True)
    )


async def on_share_visited(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """A visit through a promoter's link binds the visitor (quietly kept with their promoter otherwise)."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        promoter = await promoter_of_customer(uow, payload["sharer_id"])
        if promoter is None:
            return
        at = datetime.fromisoformat(payload["visited_at"])
        await bind(uow, customer_id=payload["customer_id"], promoter=promoter, source="link", at=at)
        await uow.commit()


async def _write(
    uow: UnitOfWork, customer_id: str, promoter_id: str, source: str, at: datetime, until: datetime,
    current: Binding | None,
) -> bool:  # fmt: skip
    if current is None:
        insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
        done = await uow.s.execute(
            insert(Binding)
            .values(
                id=new_id(),
                tenant_id=uow.tenant_id,
                customer_id=customer_id,
                promoter_id=promoter_id,
                source=source,
                bound_at=at,
                protected_until=until,
                changes=0,
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "customer_id"])
        )
        return done.rowcount == 1
    moved = await uow.s.execute(
        update(Binding)
        .where(
            Binding.tenant_id == uow.tenant_id,
            Binding.id == current.id,
            Binding.promoter_id == current.promoter_id,
            Binding.changes == current.changes,
        )
        .values(promoter_id=promoter_id, source=source, bound_at=at, protected_until=until, changes=Binding.changes + 1)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount == 1


async def _why(uow: UnitOfWork, binding: Binding | None) -> str:
    terms = await load_terms(uow)
    if binding is None:
        return "self"
    if terms.binding_mode == "first":
        return "first"
    if binding.changes >= terms.max_binding_changes:
        return "limit"
    return "protected"


def _refused(reason: str) -> errors.BindingRefused:
    en, zh = REASONS[reason]
    return errors.BindingRefused(reason=reason, reason_en=en, reason_zh=zh)


subscribe(ShareVisited, on_share_visited)
