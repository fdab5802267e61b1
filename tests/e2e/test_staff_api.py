"""Staff management over HTTP: list, change role and store, disable (signed out at once), and the guards:
only owners make owners, nobody demotes or disables themselves, the shop keeps an active owner."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import TenantFixture, new_tenant, staff_headers

ADMIN = {"email": "admin@shop.test", "name": "Admin", "password": "admin-pass-1", "role": "admin"}


async def _store(client: httpx.AsyncClient, owner: dict[str, str]) -> str:
    """A real store: a staff member's store must be one of the shop's locations."""
    body = {"code": "ST-1", "kind": "store", "name": "Store"}
    return str((await client.post("/api/v1/admin/locations", json=body, headers=owner)).json()["id"])


async def _signed_in(client: httpx.AsyncClient, t: TenantFixture, email: str, password: str) -> dict[str, str]:
    body = {"tenant": t.slug, "email": email, "password": password}
    token = (await client.post("/api/v1/auth/token", json=body)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def test_an_owner_manages_staff_and_a_disabled_user_is_out_at_once(client, tenant) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    clerk_body = {"email": "clerk@shop.test", "name": "Clerk", "password": "clerk-pass-1", "role": "clerk"}
    clerk = (await client.post("/api/v1/admin/staff", json=clerk_body, headers=owner)).json()
    listed = (await client.get("/api/v1/admin/staff", headers=owner)).json()
    assert [u["role"] for u in listed] == ["owner", "clerk"]

    store = await _store(client, owner)
    moved = await client.patch(f"/api/v1/admin/staff/{clerk['id']}", json={"location_id": store}, headers=owner)
    assert moved.status_code == 200 and moved.json()["location_id"] == store
    clerk_headers = await _signed_in(client, tenant, clerk_body["email"], clerk_body["password"])
    assert (await client.get("/api/v1/admin/orders", headers=clerk_headers)).status_code == 200
    disabled = await client.patch(f"/api/v1/admin/staff/{clerk['id']}", json={"status": "disabled"}, headers=owner)
    assert disabled.json()["status"] == "disabled"
    assert (await client.get("/api/v1/admin/orders", headers=clerk_headers)).status_code == 401
    body = {"tenant": tenant.slug, "email": clerk_body["email"], "password": clerk_body["password"]}
    assert (await client.post("/api/v1/auth/token", json=body)).status_code == 401


async def test_an_admin_cannot_make_or_unmake_owners(client, tenant) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    await client.post("/api/v1/admin/staff", json=ADMIN, headers=owner)
    admin = await _signed_in(client, tenant, ADMIN["email"], ADMIN["password"])
    raised = await client.post(
        "/api/v1/admin/staff", json={**ADMIN, "email": "boss@shop.test", "role": "owner"}, headers=admin
    )
    assert raised.status_code == 403 and raised.json()["code"] == "role_not_grantable"
    owner_id = next(
        u["id"] for u in (await client.get("/api/v1/admin/staff", headers=admin)).json() if u["role"] == "owner"
    )
    demoted = await client.patch(f"/api/v1/admin/staff/{owner_id}", json={"role": "clerk"}, headers=admin)
    assert demoted.status_code == 403
    assert [u["role"] for u in (await client.get("/api/v1/admin/staff", headers=owner)).json()] == ["owner", "admin"]


async def test_nobody_changes_themselves_and_the_last_owner_stays(client, tenant, db) -> None:  # type: ignore[no-untyped-def]
    from shoal.core.actors import SYSTEM
    from shoal.identity.errors import LastOwner
    from shoal.identity.schemas import StaffUpdate
    from shoal.identity.service_staff import update_staff

    owner = await staff_headers(client, tenant)
    me = (await client.get("/api/v1/admin/staff", headers=owner)).json()[0]
    itself = await client.patch(f"/api/v1/admin/staff/{me['id']}", json={"status": "disabled"}, headers=owner)
    assert itself.status_code == 409 and itself.json()["code"] == "own_account"
    # Even the system (the CLI) cannot leave the shop without an active owner.
    with pytest.raises(LastOwner):
        await update_staff(db.uow(tenant_id=tenant.id, actor=SYSTEM), user_id=me["id"], data=StaffUpdate(role="admin"))
    co = {**ADMIN, "email": "co@shop.test", "role": "owner"}
    await client.post("/api/v1/admin/staff", json=co, headers=owner)
    co_owner = await _signed_in(client, tenant, co["email"], co["password"])
    demoted = await client.patch(f"/api/v1/admin/staff/{me['id']}", json={"role": "admin"}, headers=co_owner)
    assert demoted.status_code == 200 and demoted.json()["role"] == "admin"


async def test_another_shops_staff_is_not_found_and_unknown_fields_are_refused(client, tenant, db) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    other = await new_tenant(db)
    theirs = (await client.get("/api/v1/admin/staff", headers=await staff_headers(client, other))).json()[0]
    assert (
        await client.patch(f"/api/v1/admin/staff/{theirs['id']}", json={"name": "x"}, headers=owner)
    ).status_code == 404
    me = (await client.get("/api/v1/admin/staff", headers=owner)).json()[0]
    assert (
        await client.patch(f"/api/v1/admin/staff/{me['id']}", json={"password_hash": "x"}, headers=owner)
    ).status_code == 422


async def test_null_for_a_name_or_role_is_refused_and_null_store_frees_a_clerk(client, tenant) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    body = {"email": "c2@shop.test", "name": "Clerk", "password": "clerk-pass-1", "role": "clerk"}
    body["location_id"] = await _store(client, owner)
    clerk = (await client.post("/api/v1/admin/staff", json=body, headers=owner)).json()
    patch = {"name": None, "role": None, "status": None, "location_id": None}
    refused = await client.patch(f"/api/v1/admin/staff/{clerk['id']}", json=patch, headers=owner)
    assert refused.status_code == 422
    assert {(e["field"], e["code"]) for e in refused.json()["errors"]} == {
        ("name", "not_nullable"),
        ("role", "not_nullable"),
        ("status", "not_nullable"),
    }
    freed = await client.patch(f"/api/v1/admin/staff/{clerk['id']}", json={"location_id": None}, headers=owner)
    assert (freed.json()["name"], freed.json()["role"], freed.json()["location_id"]) == ("Clerk", "clerk", None)


async def test_a_token_speaks_only_for_the_role_and_store_it_was_issued_with(client, tenant) -> None:  # type: ignore[no-untyped-def]
    """A token carries its role and store, but its session check compares them with the user's now: a change
    sends the user back to refresh (401), and the refreshed token carries the new ones."""
    owner = await staff_headers(client, tenant)
    clerk = (await client.post("/api/v1/admin/staff", json={**ADMIN, "email": "c2@shop.test"}, headers=owner)).json()
    body = {"tenant": tenant.slug, "email": "c2@shop.test", "password": ADMIN["password"]}
    pair = (await client.post("/api/v1/auth/token", json=body)).json()
    old = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await client.get("/api/v1/admin/staff", headers=old)).status_code == 200
    await client.patch(f"/api/v1/admin/staff/{clerk['id']}", json={"role": "clerk"}, headers=owner)
    assert (await client.get("/api/v1/admin/staff", headers=old)).status_code == 401
    fresh = (await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})).json()
    refused = await client.get("/api/v1/admin/staff", headers={"Authorization": f"Bearer {fresh['access_token']}"})
    assert refused.status_code == 403  # a clerk now: signed in, but not allowed to manage staff
