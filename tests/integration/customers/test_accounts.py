"""Customer accounts on both databases: creation, reads, tenancy, admin updates, first order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.core.actors import Actor
from shoal.core.audit import AuditEntry
from shoal.core.errors import Forbidden, NotFound
from shoal.core.outbox import OutboxRow
from shoal.customers import service
from shoal.customers.errors import EmailTaken, InvalidPhone, PhoneTaken
from shoal.customers.schemas import CustomerAdminUpdate, CustomerCreate
from tests.conftest import new_tenant, staff_actor


async def test_create_and_read_a_customer(system_uow, uow_factory) -> None:
    created = await service.create_customer(
        system_uow(),
        data=CustomerCreate(email="Shopper1@Demo.Shoal", password="shoal-demo", customer_group="vip"),
    )
    assert created.email == "shopper1@demo.shoal" and created.name == "shopper1"
    assert (await service.get_customer(uow_factory(), customer_id=created.id)) == created
    assert await service.customer_group_of(uow_factory(), customer_id=created.id) == "vip"
    async with system_uow() as uow:
        names = (
            (await uow.s.execute(select(OutboxRow.name).where(OutboxRow.tenant_id == uow.tenant_id))).scalars().all()
        )
        audit = (
            (await uow.s.execute(select(AuditEntry.action).where(AuditEntry.tenant_id == uow.tenant_id)))
            .scalars()
            .all()
        )
    assert "CustomerRegistered" in names and "customer.create" in audit


async def test_email_and_phone_are_unique_per_tenant(db, system_uow) -> None:
    await service.create_customer(system_uow(), data=CustomerCreate(email="a@x.test", phone="13800138000"))
    with pytest.raises(EmailTaken):
        await service.create_customer(system_uow(), data=CustomerCreate(email="A@x.test"))
    with pytest.raises(PhoneTaken):
        await service.create_customer(system_uow(), data=CustomerCreate(phone="+86 138 0013 8000"))
    with pytest.raises(InvalidPhone):
        await service.create_customer(system_uow(), data=CustomerCreate(phone="not a phone"))
    other = await new_tenant(db)
    again = await service.create_customer(db.uow(tenant_id=other.id), data=CustomerCreate(email="a@x.test"))
    assert again.email == "a@x.test"


async def test_another_tenant_cannot_see_a_customer(db, system_uow) -> None:
    created = await service.create_customer(system_uow(), data=CustomerCreate(email="b@x.test", customer_group="vip"))
    other = await new_tenant(db)
    outsider = db.uow(tenant_id=other.id, actor=staff_actor())
    with pytest.raises(NotFound):
        await service.get_customer(outsider, customer_id=created.id)
    assert await service.customer_group_of(db.uow(tenant_id=other.id), customer_id=created.id) is None


async def test_a_shopper_reads_only_themself(system_uow, shopper_uow) -> None:
    one = await service.create_customer(system_uow(), data=CustomerCreate(email="one@x.test"))
    two = await service.create_customer(system_uow(), data=CustomerCreate(email="two@x.test"))
    assert (await service.get_customer(shopper_uow(one.id), customer_id=one.id)).id == one.id
    with pytest.raises(NotFound):
        await service.get_customer(shopper_uow(one.id), customer_id=two.id)


async def test_reads_and_writes_need_permissions(system_uow, uow_factory) -> None:
    created = await service.create_customer(system_uow(), data=CustomerCreate(email="c@x.test"))
    nobody = Actor(kind="staff", id="x", role="none")
    with pytest.raises(Forbidden):
        await service.get_customer(uow_factory(nobody), customer_id=created.id)
    clerk = staff_actor("clerk")
    assert (await service.get_customer_detail(uow_factory(clerk), customer_id=created.id)).addresses == []
    with pytest.raises(Forbidden):
        await service.update_customer(
            uow_factory(clerk), customer_id=created.id, data=CustomerAdminUpdate(customer_group="vip")
        )


async def test_admin_changes_group_and_status_with_an_audit_entry(system_uow, uow_factory) -> None:
    created = await service.create_customer(system_uow(), data=CustomerCreate(email="d@x.test", customer_group="vip"))
    updated = await service.update_customer(
        uow_factory(), customer_id=created.id, data=CustomerAdminUpdate(customer_group="", status="blocked")
    )
    assert updated.customer_group is None and updated.status == "blocked"
    async with system_uow() as uow:
        entry = (
            await uow.s.execute(
                select(AuditEntry).where(AuditEntry.tenant_id == uow.tenant_id, AuditEntry.action == "customer.update")
            )
        ).scalar_one()
    assert entry.entity_id == created.id and entry.changes == {"customer_group": None, "status": "blocked"}


async def test_list_searches_email_phone_and_name_with_cursor(system_uow, uow_factory) -> None:
    for number in range(5):
        await service.create_customer(
            system_uow(), data=CustomerCreate(email=f"p{number}@find.test", name=f"Li {number}")
        )
    await service.create_customer(system_uow(), data=CustomerCreate(phone="13912345678", name="Wang"))
    first = await service.list_customers(uow_factory(), limit=3, cursor=None, q="FIND")
    second = await service.list_customers(uow_factory(), limit=3, cursor=first.next_cursor, q="find")
    emails = [c.email for c in first.items + second.items]
    assert emails == [f"p{n}@find.test" for n in (4, 3, 2, 1, 0)] and second.next_cursor is None
    assert [c.name for c in (await service.list_customers(uow_factory(), limit=10, cursor=None, q="1234")).items] == [
        "Wang"
    ]
    assert (await service.list_customers(uow_factory(), limit=10, cursor=None, q="%")).items == []
