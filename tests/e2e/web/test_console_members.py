"""Console members page over HTTP on both databases: search and the segment filters (tag, gender, region by name,
marketing consent, a card number), detail, group and blocking, the profile form, the doors linked and unlinked
(409s in words), tenancy."""

from __future__ import annotations

import httpx

from shoal.customers.schemas import CustomerAdminUpdate, IdentityCreate
from shoal.customers.service import add_customer, get_customer, update_customer
from shoal.customers.service_identities import link_identity, list_identities
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
    assert saved.headers.get("hx-redirect") == f"/console/customers/{wang}?done=profile"
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
    theirs_door = await web.post(f"/console/customers/{theirs}/doors", data={"kind": "card", "value": "X1"}, headers=HX)
    assert theirs_door.headers.get("hx-retarget") == "#flash"
    assert (await get_customer(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=theirs)).status == "active"
    assert len(await list_identities(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=theirs)) == 1


async def test_members_are_filtered_by_segment_and_found_by_card(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await _customer(db, tenant.id, "王小明", "13800000001")
    li = await _customer(db, tenant.id, "李雷", "13900000002")
    profile = {"gender": "female", "region_code": "4403", "marketing_consent": True, "tags": ["老客"]}
    await update_customer(uow_factory(), customer_id=wang, data=CustomerAdminUpdate.model_validate(profile))
    await update_customer(uow_factory(), customer_id=li, data=CustomerAdminUpdate(gender="male", region_code="33"))
    await link_identity(uow_factory(), customer_id=li, data=IdentityCreate(kind="card", value="vip-0042"))
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    page = (await web.get("/console/customers")).text
    assert "广东省 深圳市" in page and "浙江省" in page and ">4403<" not in page  # names, never codes
    for filters, shown, hidden in (
        ({"tag": "老客"}, "王小明", "李雷"),
        ({"gender": "male"}, "李雷", "王小明"),
        ({"province_code": "44"}, "王小明", "李雷"),
        ({"province_code": "44", "city_code": "4401"}, None, "王小明"),  # 广州: nobody
        ({"consent": "yes"}, "王小明", "李雷"),
        ({"consent": "no"}, "李雷", "王小明"),
        ({"q": "VIP0042"}, "李雷", "王小明"),  # a store card number
        ({"q": "王小"}, "王小明", "李雷"),
        ({"q": "138 0000-0001"}, "王小明", "李雷"),  # a phone as people type it
    ):
        found = (await web.get("/console/customers", params=filters)).text
        assert (shown is None or shown in found) and hidden not in found, filters
    cities = await web.get("/console/customers/regions", params={"province_code": "44"})
    assert ">深圳市<" in cities.text and 'value="4403"' in cities.text


async def test_the_profile_is_edited_and_bad_input_writes_nothing(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await _customer(db, tenant.id, "王小明", "13800000001")
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    form = {"profile": "1", "status": "active", "tags": "老客、团长", "gender": "female", "birthday": "1990-05-20",
            "province_code": "44", "city_code": "4403", "marketing_consent": "on"}  # fmt: skip
    saved = await web.post(f"/console/customers/{wang}", data=form, headers=HX)
    assert saved.headers.get("hx-redirect") == f"/console/customers/{wang}?done=profile"
    stored = await get_customer(uow_factory(), customer_id=wang)
    assert (stored.gender, str(stored.birthday), stored.region_code, stored.marketing_consent) == (
        "female",
        "1990-05-20",
        "4403",
        True,
    )
    page = (await web.get(f"/console/customers/{wang}?done=profile")).text
    assert "广东省 深圳市" in page and 'data-done="profile"' in page and 'value="4403" selected' in page

    district = CustomerAdminUpdate(region_code="440305")  # 南山区, set over the API
    await update_customer(uow_factory(), customer_id=wang, data=district)
    page = (await web.get(f"/console/customers/{wang}")).text
    assert "广东省 深圳市 南山区" in page and 'name="district_code" value="440305"' in page
    kept = await web.post(f"/console/customers/{wang}", data={**form, "district_code": "440305"}, headers=HX)
    assert kept.status_code == 204
    stored = await get_customer(uow_factory(), customer_id=wang)
    assert stored.region_code == "440305"  # saving the form with its city never coarsens the district

    for bad, field in (({"birthday": "1990-13-40"}, "birthday"), ({"province_code": "99", "city_code": ""}, "region"),
                       ({"gender": "robot"}, "gender")):  # fmt: skip
        refused = await web.post(f"/console/customers/{wang}", data={**form, "tags": "新客", **bad}, headers=HX)
        assert refused.status_code == 422 and f'data-error-for="{field}"' in refused.text, bad
        assert 'value="新客"' in refused.text  # what was typed stays
    after = await get_customer(uow_factory(), customer_id=wang)
    assert after == stored


async def test_doors_are_linked_and_unlinked_with_conflicts_in_words(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    wang = await _customer(db, tenant.id, "王小明", "+8613800000001")
    await _customer(db, tenant.id, "李雷", "+8613900000002")
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    base = f"/console/customers/{wang}/doors"
    linked = await web.post(base, data={"kind": "card", "value": "vip 0001"}, headers=HX)
    assert linked.headers.get("hx-redirect") == f"/console/customers/{wang}?done=linked#doors"
    page = (await web.get(f"/console/customers/{wang}")).text
    assert "VIP0001" in page and 'data-unlink="VIP0001"' in page and 'data-unlink="+8613800000001"' not in page

    taken = await web.post(base, data={"kind": "phone", "value": "139 0000 0002"}, headers=HX)
    assert taken.status_code == 422 and "已属于本店另一位顾客" in taken.text and 'id="doors"' in taken.text
    bad = await web.post(base, data={"kind": "email", "value": "not-an-email"}, headers=HX)
    assert bad.status_code == 422 and 'data-error-for="value"' in bad.text
    doors = {d.value: d.id for d in await list_identities(uow_factory(), customer_id=wang)}
    assert set(doors) == {"+8613800000001", "VIP0001"}  # nothing written by the refusals
    contact = await web.post(f"{base}/{doors['+8613800000001']}/unlink", headers=HX)
    assert contact.status_code == 422 and "不能解除绑定" in contact.text
    unlinked = await web.post(f"{base}/{doors['VIP0001']}/unlink", headers=HX)
    assert unlinked.headers.get("hx-redirect") == f"/console/customers/{wang}?done=unlinked#doors"
    assert [d.value for d in await list_identities(uow_factory(), customer_id=wang)] == ["+8613800000001"]
