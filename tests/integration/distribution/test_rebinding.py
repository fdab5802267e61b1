"""Staff read a shopper's binding history and rebind by hand: inside 王小明's protection period a code bind by
陈店长 is refused, a staff rebind with a reason is not (and is kept in the history with who and why, audited,
not counted against the change limit); rebinding to the same promoter is 409; another shop's shopper is 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.core.audit import AuditEntry
from shoal.core.errors import InvalidState, NotFound
from shoal.distribution import service_promoters, service_rebinding
from shoal.distribution.errors import BindingRefused
from shoal.distribution.schemas import RebindIn
from tests.conftest import new_tenant, staff_actor
from tests.integration.distribution.conftest import bind, set_terms


async def test_staff_rebind_inside_protection(uow_factory, db, programme) -> None:  # type: ignore[no-untyped-def]
    await set_terms(uow_factory, binding_mode="last", protection_days=30, max_binding_changes=0)
    li_na = programme.shoppers[0]
    await bind(uow_factory, li_na, programme.promoter_code)
    async with uow_factory() as uow:
        leader_code = (await service_promoters.load_promoter(uow, programme.leader)).code
    with pytest.raises(BindingRefused):
        await bind(uow_factory, li_na, leader_code)

    moved = await service_rebinding.rebind(
        uow_factory(), customer_id=li_na, data=RebindIn(promoter_id=programme.leader, reason="到店由陈店长服务")
    )
    assert moved.current is not None and moved.current.promoter_id == programme.leader
    assert moved.current.source == "staff" and moved.current.protected_until > moved.current.bound_at
    latest, first = moved.changes
    assert (latest.source, latest.from_promoter, latest.to_promoter, latest.reason) == (
        "staff",
        "王小明",
        "陈店长",
        "到店由陈店长服务",
    )
    assert latest.staff and first.source == "code" and first.to_promoter == "王小明" and first.protected_until
    with pytest.raises(InvalidState):
        await service_rebinding.rebind(
            uow_factory(), customer_id=li_na, data=RebindIn(promoter_id=programme.leader, reason="again")
        )
    history = await service_rebinding.binding_history(uow_factory(), customer_id=li_na)
    assert len(history.changes) == 2
    async with uow_factory() as uow:
        audited = (
            await uow.s.scalars(
                select(AuditEntry).where(AuditEntry.tenant_id == uow.tenant_id, AuditEntry.action == "rebind")
            )
        ).all()
    assert [a.entity_id for a in audited] == [li_na]

    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_rebinding.binding_history(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=li_na)
