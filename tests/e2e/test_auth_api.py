"""Staff sign-in over HTTP: tokens, wrong passwords, rate limiting, refresh rotation, logout."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from shoal.identity.models import StaffUser
from tests.conftest import TenantFixture, staff_headers


async def test_sign_in_returns_a_token_pair(client, tenant: TenantFixture) -> None:
    response = await client.post(
        "/api/v1/auth/token", json={"tenant": tenant.slug, "email": tenant.owner_email, "password": "owner-pass-123"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0 and body["access_token"] and body["refresh_token"]


async def test_wrong_password_is_a_401_problem(client, tenant: TenantFixture) -> None:
    response = await client.post(
        "/api/v1/auth/token",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": "nope"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_credentials"
    assert "密码" in response.json()["detail"]


async def test_unknown_tenant_looks_like_a_wrong_password(client) -> None:
    response = await client.post("/api/v1/auth/token", json={"tenant": "nope", "email": "a@b.c", "password": "x"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


async def test_repeated_failures_are_rate_limited_even_with_the_right_password(client, tenant: TenantFixture) -> None:
    for _ in range(5):
        await client.post(
            "/api/v1/auth/token", json={"tenant": tenant.slug, "email": tenant.owner_email, "password": "bad"}
        )
    response = await client.post(
        "/api/v1/auth/token",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password},
    )
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"
    assert int(response.headers["retry-after"]) > 0


async def test_lockout_ends_when_the_window_passes(client, tenant: TenantFixture, clock) -> None:
    for _ in range(5):
        await client.post(
            "/api/v1/auth/token", json={"tenant": tenant.slug, "email": tenant.owner_email, "password": "bad"}
        )
    clock.advance(minutes=16)
    assert (await staff_headers(client, tenant))["Authorization"].startswith("Bearer ")


async def test_unknown_fields_are_rejected(client, tenant: TenantFixture) -> None:
    response = await client.post(
        "/api/v1/auth/token",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": "x", "role": "owner"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["field"] == "role"


async def test_refresh_rotates_and_the_old_token_dies(client, tenant: TenantFixture) -> None:
    first = (
        await client.post(
            "/api/v1/auth/token",
            json={"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password},
        )
    ).json()
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    assert rotated.json()["refresh_token"] != first["refresh_token"]
    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401


async def test_a_disabled_staff_user_cannot_refresh(client, db, tenant: TenantFixture) -> None:
    body = {"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password}
    pair = (await client.post("/api/v1/auth/token", json=body)).json()
    async with db.uow(tenant_id=tenant.id) as uow:
        await uow.s.execute(update(StaffUser).where(StaffUser.tenant_id == tenant.id).values(status="disabled"))
        await uow.commit()
    refused = await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refused.status_code == 401


async def test_logout_revokes_the_access_token(client, tenant: TenantFixture) -> None:
    headers = await staff_headers(client, tenant)
    assert (await client.get("/api/v1/admin/audit-log", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    after = await client.get("/api/v1/admin/audit-log", headers=headers)
    assert after.status_code == 401
    assert after.json()["code"] == "unauthenticated"
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 401


async def test_expired_access_token_is_refused(client, tenant: TenantFixture, clock) -> None:
    headers = await staff_headers(client, tenant)
    clock.advance(minutes=16)
    assert (await client.get("/api/v1/admin/audit-log", headers=headers)).status_code == 401


async def test_staff_creation_is_audited_and_roles_are_enforced(client, tenant: TenantFixture) -> None:
    headers = await staff_headers(client, tenant)
    created = await client.post(
        "/api/v1/admin/staff",
        headers=headers,
        json={"email": "clerk@x.test", "name": "Clerk", "password": "clerk-pass-1", "role": "clerk"},
    )
    assert created.status_code == 201, created.text
    log = (await client.get("/api/v1/admin/audit-log", headers=headers)).json()["items"]
    assert [e["action"] for e in log] == ["staff.create"]
    clerk = await client.post(
        "/api/v1/auth/token", json={"tenant": tenant.slug, "email": "clerk@x.test", "password": "clerk-pass-1"}
    )
    clerk_headers = {"Authorization": f"Bearer {clerk.json()['access_token']}"}
    denied = await client.get("/api/v1/admin/audit-log", headers=clerk_headers)
    assert denied.status_code == 403
    assert denied.json()["code"] == "forbidden"


async def _token_pair(client, tenant: TenantFixture) -> dict:  # type: ignore[no-untyped-def]
    body = {"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password}
    return (await client.post("/api/v1/auth/token", json=body)).json()


async def test_a_replayed_refresh_token_ends_the_whole_session(client, tenant: TenantFixture) -> None:
    first = await _token_pair(client, tenant)
    stolen = first["refresh_token"]
    thief = (await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})).json()
    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})
    assert replay.status_code == 401 and replay.json()["code"] == "invalid_refresh_token"
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": thief["refresh_token"]})
    ).status_code == 401
    thief_headers = {"Authorization": f"Bearer {thief['access_token']}"}
    assert (await client.get("/api/v1/admin/audit-log", headers=thief_headers)).status_code == 401
    other_session = await staff_headers(client, tenant)  # other sign-ins of the same user live on
    log = (await client.get("/api/v1/admin/audit-log", headers=other_session)).json()["items"]
    assert [entry["action"] for entry in log] == ["session.refresh_token_reused"]


@pytest.mark.pg_only
async def test_concurrent_refreshes_with_one_token_let_at_most_one_through_and_end_the_session(
    client, tenant: TenantFixture
) -> None:
    pair = await _token_pair(client, tenant)
    responses = await asyncio.gather(
        *(client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}) for _ in range(10))
    )
    assert sorted(response.status_code for response in responses) == [200] + [401] * 9
    winner = next(response.json() for response in responses if response.status_code == 200)
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": winner["refresh_token"]})
    ).status_code == 401
