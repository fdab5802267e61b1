"""Console staff page over HTTP on both databases: add a clerk to a store, disable it, and the guards' refusals."""

from __future__ import annotations

import httpx

from shoal.identity.service_staff import list_staff
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true", "Accept-Language": "en"}
CLERK = {"name": "小李", "email": "li@shop.test", "password": "clerk-pass-1", "role": "clerk"}


async def test_an_owner_adds_a_clerk_to_a_store_then_disables_it(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    store = await create_location(uow_factory(), data=LocationCreate(code="XH", kind="store", name="徐汇店"))
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    page = await web.get("/console/staff")
    assert 'href="/console/staff"' in page.text and "徐汇店" in page.text
    added = await web.post("/console/staff", data={**CLERK, "location_id": store.id}, headers=HX)
    assert added.headers.get("hx-redirect") == "/console/staff", added.text
    clerk = next(u for u in await list_staff(uow_factory()) if u.email == CLERK["email"])
    assert (clerk.role, clerk.location_id) == ("clerk", store.id)

    row = {"role": "clerk", "location_id": store.id, "status": "disabled"}
    assert (await web.post(f"/console/staff/{clerk.id}", data=row, headers=HX)).status_code == 204
    refused = await web.post(
        "/console/login", data={"tenant": tenant.slug, "email": CLERK["email"], "password": CLERK["password"]},
        headers=HX,
    )  # fmt: skip
    assert refused.status_code == 422


async def test_bad_input_is_inline_and_guards_show_in_the_flash(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    short = await web.post("/console/staff", data={**CLERK, "password": "short"}, headers=HX)
    assert short.status_code == 422 and 'data-error-for="password"' in short.text
    assert 'value="li@shop.test"' in short.text and 'value="short"' not in short.text
    assert [u.email for u in await list_staff(uow_factory())] == [tenant.owner_email]
    me = (await list_staff(uow_factory()))[0]
    itself = await web.post(f"/console/staff/{me.id}", data={"role": "owner", "status": "disabled"}, headers=HX)
    assert itself.headers.get("hx-retarget") == "#flash"
    assert (await list_staff(uow_factory()))[0].status == "active"


async def test_a_clerk_has_no_staff_page(web: httpx.AsyncClient, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/staff", data=CLERK, headers=HX)
    web.cookies.clear()
    await sign_in(web, tenant.slug, CLERK["email"], CLERK["password"])
    assert (await web.get("/console/staff")).status_code == 403
    assert 'href="/console/staff"' not in (await web.get("/console")).text
