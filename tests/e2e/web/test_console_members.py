"""Console members page over HTTP on both databases: search, detail, group and blocking, tenancy."""

from __future__ import annotations

import httpx

from shoal.customers.service import add_customer, get_customer
from tests.conftest import new_tenant, staff_actor
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true"}


async def _customer(db, tenant_id: str, name: str, phone: str) -> str:  # type: ignore[no-untyped-def]
    uow = db.uow(tenant_id=tenant_id, actor=staff_actor())
    async with uow:
        customer = await add_customer(uow, name=name, locale="zh-CN", phone=phone)
        await uow.commit()
    return customer.id


async def test_members_are_found_by_phone_and_grouped(web: httpx.AsyncClient, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await _customer(db, tenant.id, "王小明", "13800000001")
    await _customer(db, tenant.id, "李雷", "13900000002")
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    found = await web.get("/console/customers", params={"q": "13800"})
    assert "王小明" in found.text and "李雷" not in found.text

    saved = await web.post(f"/console/customers/{wang}", data={"customer_group": "vip", "status": "active"}, headers=HX)
    assert saved.headers.get("hx-redirect") == f"/console/customers/{wang}"
    assert (await get_customer(uow_factory(), customer_id=wang)).customer_group == "vip"
    assert 'value="vip"' in (await web.get(f"/console/customers/{wang}")).text


async def test_a_bad_status_is_shown_inline_and_changes_nothing(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await _customer(db, tenant.id, "王小明", "13800000001")
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    response = await web.post(
        f"/console/customers/{wang}", data={"customer_group": "vip", "status": "gone"}, headers=HX
    )
    assert response.status_code == 422 and 'data-error-for="status"' in response.text
    assert 'value="vip"' in response.text
    assert (await get_customer(uow_factory(), customer_id=wang)).customer_group is None


async def test_another_shops_member_is_not_found(web, db, tenant) -> None:  # type: ignore[no-untyped-def]
    other = await new_tenant(db)
    theirs = await _customer(db, other.id, "别家顾客", "13700000003")
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert (await web.get(f"/console/customers/{theirs}")).status_code == 404
    assert "别家顾客" not in (await web.get("/console/customers")).text
    refused = await web.post(f"/console/customers/{theirs}", data={"status": "blocked"}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash" and "别家顾客" not in refused.text
    assert (await get_customer(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=theirs)).status == "active"
