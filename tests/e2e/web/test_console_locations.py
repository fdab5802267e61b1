"""Console stores and warehouses over HTTP on both databases: open a store with its address, hours, pickup and
map point, edit it, refuse a half map point inline with nothing changed; an operator without inventory.write
cannot reach the page."""

from __future__ import annotations

from decimal import Decimal

import httpx

from shoal.inventory import service as inventory
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true", "Accept-Language": "en"}
FORM = {"code": "SH-JA", "kind": "store", "name": "静安店", "province": "上海市", "city": "上海市",
        "district": "静安区", "line1": "南京西路 1 号", "opening_hours": "每天 10:00-22:00",
        "latitude": "31.229912", "longitude": "121.448432", "priority": "100", "active": "on", "sellable": "on",
        "pickup_enabled": "on"}  # fmt: skip


async def test_an_owner_opens_and_edits_a_store(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert (await web.get("/console/settings/locations/new")).status_code == 200
    created = await web.post("/console/settings/locations", data=FORM, headers=HX)
    assert created.headers.get("hx-redirect") == "/console/settings/locations", created.text
    [store] = await inventory.list_locations(uow_factory())
    assert (store.latitude, store.longitude, store.pickup_enabled) == (
        Decimal("31.229912"),
        Decimal("121.448432"),
        True,
    )
    listed = await web.get("/console/settings/locations")
    assert "静安店" in listed.text and "每天 10:00-22:00" in listed.text and "31.229912, 121.448432" in listed.text

    edit = await web.get(f"/console/settings/locations/{store.id}")
    assert 'value="南京西路 1 号"' in edit.text and 'name="code"' not in edit.text
    changes = FORM | {"opening_hours": "周一至周五 9:00-18:00", "line1": "南京西路 2 号", "pickup_enabled": ""}
    assert (await web.post(f"/console/settings/locations/{store.id}", data=changes, headers=HX)).status_code == 204
    again = await inventory.get_location(uow_factory(), location_id=store.id)
    assert (again.opening_hours, again.address.line1, again.pickup_enabled) == (
        "周一至周五 9:00-18:00",
        "南京西路 2 号",
        False,
    )

    half = await web.post(f"/console/settings/locations/{store.id}", data=FORM | {"longitude": ""}, headers=HX)
    assert half.status_code == 422 and 'data-error-for="longitude"' in half.text
    far = await web.post(f"/console/settings/locations/{store.id}", data=FORM | {"latitude": "95"}, headers=HX)
    assert far.status_code == 422 and 'data-error-for="latitude"' in far.text
    assert (await inventory.get_location(uow_factory(), location_id=store.id)).opening_hours == "周一至周五 9:00-18:00"
    taken = await web.post("/console/settings/locations", data=FORM, headers=HX)
    assert taken.status_code == 422 and len(await inventory.list_locations(uow_factory())) == 1


async def test_a_clerk_cannot_open_the_locations_pages(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    from shoal.identity import service as identity
    from shoal.identity.schemas import StaffCreate

    await identity.create_staff(
        uow_factory(), data=StaffCreate(email="c@shop.test", name="C", password="clerk-pass-1", role="clerk")
    )
    await sign_in(web, tenant.slug, "c@shop.test", "clerk-pass-1")
    assert (await web.get("/console/settings/locations")).status_code == 403
    assert 'href="/console/settings/locations"' not in (await web.get("/console")).text
