"""Admin over customers: list with search and cursor, detail, group and status changes, permissions."""

from __future__ import annotations

from tests.conftest import TenantFixture, new_tenant, staff_headers
from tests.e2e.customers.conftest import bearer, register


async def _clerk_headers(client, t: TenantFixture) -> dict[str, str]:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, t)
    created = await client.post(
        "/api/v1/admin/staff",
        headers=owner,
        json={"email": "clerk@x.test", "name": "Clerk", "password": "clerk-pass-1", "role": "clerk"},
    )
    assert created.status_code == 201
    token = await client.post(
        "/api/v1/auth/token", json={"tenant": t.slug, "email": "clerk@x.test", "password": "clerk-pass-1"}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def test_list_search_and_cursor(client, tenant: TenantFixture) -> None:
    for number in range(3):
        await register(client, tenant, f"buyer{number}@x.test")
    await register(client, tenant, "someone@else.test")
    headers = await staff_headers(client, tenant)
    page = (await client.get("/api/v1/admin/customers", params={"q": "buyer", "limit": 2}, headers=headers)).json()
    rest = (
        await client.get(
            "/api/v1/admin/customers", params={"q": "buyer", "limit": 2, "cursor": page["next_cursor"]}, headers=headers
        )
    ).json()
    emails = [c["email"] for c in page["items"] + rest["items"]]
    assert emails == ["buyer2@x.test", "buyer1@x.test", "buyer0@x.test"] and rest["next_cursor"] is None
    assert (await client.get("/api/v1/admin/customers", params={"limit": 101}, headers=headers)).status_code == 422


async def test_detail_update_and_audit(client, tenant: TenantFixture) -> None:
    shopper = await register(client, tenant)
    await client.post(
        "/api/v1/store/me/addresses",
        headers=bearer(shopper),
        json={
            "name": "A",
            "phone": "13800138000",
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "line1": "L",
        },
    )
    headers = await staff_headers(client, tenant)
    path = f"/api/v1/admin/customers/{shopper['customer']['id']}"
    detail = (await client.get(path, headers=headers)).json()
    assert detail["email"] == "shopper@x.test" and len(detail["addresses"]) == 1
    changed = await client.patch(path, json={"customer_group": "vip", "status": "blocked"}, headers=headers)
    assert changed.status_code == 200 and changed.json()["customer_group"] == "vip"
    assert (await client.patch(path, json={"status": "gone"}, headers=headers)).status_code == 422
    log = (await client.get("/api/v1/admin/audit-log", params={"entity": "customer"}, headers=headers)).json()
    assert [e["action"] for e in log["items"]] == ["customer.update"]
    assert (await client.get("/api/v1/store/me", headers=bearer(shopper))).status_code == 401
    blocked = await client.post(
        "/api/v1/store/auth/token",
        json={"email": "shopper@x.test", "password": "shopper-pass"},
        headers={"X-Shoal-Tenant": tenant.slug},
    )
    assert blocked.status_code == 403 and blocked.json()["code"] == "account_blocked"


async def test_another_tenants_customer_is_404(client, tenant: TenantFixture, db) -> None:
    shopper = await register(client, tenant)
    other = await new_tenant(db)
    headers = await staff_headers(client, other)
    path = f"/api/v1/admin/customers/{shopper['customer']['id']}"
    assert (await client.get(path, headers=headers)).status_code == 404
    assert (await client.patch(path, json={"status": "blocked"}, headers=headers)).status_code == 404
    assert (await client.get("/api/v1/admin/customers", headers=headers)).json()["items"] == []


async def test_a_clerk_reads_but_cannot_change(client, tenant: TenantFixture) -> None:
    shopper = await register(client, tenant)
    clerk = await _clerk_headers(client, tenant)
    path = f"/api/v1/admin/customers/{shopper['customer']['id']}"
    assert (await client.get(path, headers=clerk)).status_code == 200
    denied = await client.patch(path, json={"customer_group": "vip"}, headers=clerk)
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    assert (await client.get("/api/v1/admin/customers", headers={})).status_code == 401


async def test_doors_profile_and_segments_over_http(client, tenant: TenantFixture) -> None:
    ann, bob = await register(client, tenant, "ann@x.test"), await register(client, tenant, "bob@x.test")
    headers, ann_id = await staff_headers(client, tenant), ann["customer"]["id"]
    doors = f"/api/v1/admin/customers/{ann_id}/identities"
    linked = await client.post(doors, headers=headers, json={"kind": "card", "value": "8800 1234"})
    assert linked.status_code == 201 and linked.json()["value"] == "88001234"
    taken = await client.post(f"/api/v1/admin/customers/{bob['customer']['id']}/identities", headers=headers,
                              json={"kind": "card", "value": "88001234"})  # fmt: skip
    assert taken.status_code == 409 and taken.json()["code"] == "identity_taken"
    assert (await client.post(doors, headers=headers, json={"kind": "qq", "value": "1"})).status_code == 422
    profile = {"tags": ["老客"], "gender": "female", "region_code": "310100", "birthday": "1990-05-01"}
    patched = await client.patch(f"/api/v1/admin/customers/{ann_id}", headers=headers, json=profile)
    assert patched.status_code == 200 and patched.json()["birthday"] == "1990-05-01"
    me = await client.patch("/api/v1/store/me", headers=bearer(bob), json={"marketing_consent": True})
    assert me.json()["marketing_consent"] is True
    for params, expected in (({"tag": "老客"}, ["ann@x.test"]), ({"q": "88001234"}, ["ann@x.test"]),
                             ({"region": "31", "gender": "female"}, ["ann@x.test"]),
                             ({"marketing_consent": "true"}, ["bob@x.test"])):  # fmt: skip
        page = (await client.get("/api/v1/admin/customers", params=params, headers=headers)).json()
        assert [c["email"] for c in page["items"]] == expected, params
    assert [d["kind"] for d in (await client.get(doors, headers=headers)).json()] == ["email", "card"]
