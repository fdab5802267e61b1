"""Finding customers by the emails and phones an operator pastes: one query, normalised as stored, per shop."""

from __future__ import annotations

from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer, customer_ids_by_contact
from tests.conftest import new_tenant, staff_actor


async def test_contacts_find_their_customers_in_this_shop_only(db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await create_customer(uow_factory(), data=CustomerCreate(email="Wang@Example.com", name="王"))
    li = await create_customer(uow_factory(), data=CustomerCreate(phone="138 0013 8000", name="李"))
    other = await new_tenant(db)
    await create_customer(
        db.uow(tenant_id=other.id, actor=staff_actor()), data=CustomerCreate(email="zhao@example.com", name="赵")
    )
    found = await customer_ids_by_contact(
        uow_factory(), emails=["wang@example.com", "zhao@example.com"], phones=["+8613800138000", "+8613900000000"]
    )
    assert found == {"wang@example.com": wang.id, "+8613800138000": li.id}
    assert await customer_ids_by_contact(uow_factory(), emails=[], phones=[]) == {}
