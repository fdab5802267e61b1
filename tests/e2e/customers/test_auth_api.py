"""Shopper sign-in over HTTP: register, password, SMS code, WeChat, refresh, logout, problems."""

from __future__ import annotations

from tests.conftest import TenantFixture, new_tenant
from tests.e2e.customers.conftest import bearer, register

PHONE = "+8613800138000"


async def _send_code(client, t: TenantFixture, sms, phone: str = "13800138000") -> str:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/api/v1/store/auth/sms-code", json={"phone": phone}, headers={"X-Shoal-Tenant": t.slug}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"expires_in": 300, "resend_after": 60}
    return sms.last_code(PHONE)


async def test_register_returns_tokens_and_the_customer(client, tenant: TenantFixture) -> None:
    body = await register(client, tenant)
    assert body["token_type"] == "bearer" and body["expires_in"] > 0 and body["refresh_token"]
    assert body["customer"]["email"] == "shopper@x.test" and body["customer"]["name"] == "Shopper"
    me = await client.get("/api/v1/store/me", headers=bearer(body))
    assert me.status_code == 200 and me.json()["id"] == body["customer"]["id"]


async def test_registering_a_taken_email_is_a_conflict(client, tenant: TenantFixture) -> None:
    await register(client, tenant)
    again = await client.post(
        "/api/v1/store/auth/register",
        json={"email": "SHOPPER@x.test", "password": "another-pass"},
        headers={"X-Shoal-Tenant": tenant.slug},
    )
    assert again.status_code == 409 and again.json()["code"] == "email_taken"


async def test_sign_in_with_password_and_wrong_password(client, tenant: TenantFixture) -> None:
    await register(client, tenant)
    headers = {"X-Shoal-Tenant": tenant.slug}
    ok = await client.post(
        "/api/v1/store/auth/token", json={"email": "shopper@x.test", "password": "shopper-pass"}, headers=headers
    )
    assert ok.status_code == 200 and ok.json()["customer"]["email"] == "shopper@x.test"
    wrong = await client.post(
        "/api/v1/store/auth/token",
        json={"email": "shopper@x.test", "password": "nope"},
        headers={**headers, "Accept-Language": "zh-CN"},
    )
    assert wrong.status_code == 401
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert wrong.json()["code"] == "invalid_credentials" and "密码" in wrong.json()["detail"]


async def test_repeated_failures_are_rate_limited(client, tenant: TenantFixture) -> None:
    await register(client, tenant)
    headers = {"X-Shoal-Tenant": tenant.slug}
    for _ in range(5):
        await client.post(
            "/api/v1/store/auth/token", json={"email": "shopper@x.test", "password": "x"}, headers=headers
        )
    locked = await client.post(
        "/api/v1/store/auth/token", json={"email": "shopper@x.test", "password": "shopper-pass"}, headers=headers
    )
    assert locked.status_code == 429 and locked.json()["code"] == "too_many_attempts"
    assert int(locked.headers["retry-after"]) > 0


async def test_token_request_needs_one_complete_way_to_sign_in(client, tenant: TenantFixture) -> None:
    headers = {"X-Shoal-Tenant": tenant.slug}
    for body in ({"email": "a@x.test"}, {"email": "a@x.test", "password": "p", "phone": PHONE, "code": "123456"}, {}):
        response = await client.post("/api/v1/store/auth/token", json=body, headers=headers)
        assert response.status_code == 422 and response.json()["code"] == "validation_failed"


async def test_unknown_fields_are_rejected(client, tenant: TenantFixture) -> None:
    response = await client.post(
        "/api/v1/store/auth/register",
        json={"email": "a@x.test", "password": "long-enough", "customer_group": "vip"},
        headers={"X-Shoal-Tenant": tenant.slug},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "customer_group"


async def test_the_tenant_header_is_required(client) -> None:
    response = await client.post("/api/v1/store/auth/register", json={"email": "a@x.test", "password": "long-enough"})
    assert response.status_code == 400 and response.json()["code"] == "tenant_required"


async def test_phone_code_sign_in_creates_the_customer(client, tenant: TenantFixture, sms) -> None:
    code = await _send_code(client, tenant, sms)
    response = await client.post(
        "/api/v1/store/auth/token",
        json={"phone": "138 0013 8000", "code": code, "cart_id": "cart-42"},
        headers={"X-Shoal-Tenant": tenant.slug},
    )
    assert response.status_code == 200, response.text
    assert response.json()["customer"]["phone"] == PHONE


async def test_resending_too_soon_is_a_429(client, tenant: TenantFixture, sms, clock) -> None:
    await _send_code(client, tenant, sms)
    clock.advance(seconds=20)
    again = await client.post(
        "/api/v1/store/auth/sms-code", json={"phone": PHONE}, headers={"X-Shoal-Tenant": tenant.slug}
    )
    assert again.status_code == 429 and again.json()["code"] == "sms_code_cooldown"
    assert again.headers["retry-after"] == "40" and again.json()["retry_after"] == 40
    clock.advance(seconds=40)
    await _send_code(client, tenant, sms)


async def test_an_expired_code_is_refused(client, tenant: TenantFixture, sms, clock) -> None:
    code = await _send_code(client, tenant, sms)
    clock.advance(minutes=5, seconds=1)
    response = await client.post(
        "/api/v1/store/auth/token", json={"phone": PHONE, "code": code}, headers={"X-Shoal-Tenant": tenant.slug}
    )
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


async def test_too_many_wrong_codes_is_a_429(client, tenant: TenantFixture, sms) -> None:
    code = await _send_code(client, tenant, sms)
    wrong = "000000" if code != "000000" else "111111"
    headers = {"X-Shoal-Tenant": tenant.slug}
    for _ in range(3):
        refused = await client.post("/api/v1/store/auth/token", json={"phone": PHONE, "code": wrong}, headers=headers)
        assert refused.status_code == 401
    response = await client.post("/api/v1/store/auth/token", json={"phone": PHONE, "code": code}, headers=headers)
    assert response.status_code == 429 and response.json()["code"] == "too_many_code_attempts"


async def test_an_invalid_phone_is_a_422(client, tenant: TenantFixture) -> None:
    response = await client.post(
        "/api/v1/store/auth/sms-code", json={"phone": "12-34-5"}, headers={"X-Shoal-Tenant": tenant.slug}
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid_phone"


async def test_wechat_links_a_new_openid_by_unionid(client, tenant: TenantFixture) -> None:
    headers = {"X-Shoal-Tenant": tenant.slug}
    first = await client.post("/api/v1/store/auth/wechat", json={"code": "openid-1:union-9"}, headers=headers)
    second = await client.post("/api/v1/store/auth/wechat", json={"code": "openid-2:union-9"}, headers=headers)
    other = await client.post("/api/v1/store/auth/wechat", json={"code": "openid-3"}, headers=headers)
    assert first.status_code == second.status_code == other.status_code == 200
    assert first.json()["customer"]["id"] == second.json()["customer"]["id"] != other.json()["customer"]["id"]
    refused = await client.post("/api/v1/store/auth/wechat", json={"code": "bad-code"}, headers=headers)
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_credentials"


async def test_refresh_rotates_and_logout_revokes(client, tenant: TenantFixture) -> None:
    tokens = await register(client, tenant)
    rotated = await client.post("/api/v1/store/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200 and rotated.json()["customer"]["id"] == tokens["customer"]["id"]
    assert (await client.post("/api/v1/store/auth/logout", headers=bearer(rotated.json()))).status_code == 204
    after = await client.get("/api/v1/store/me", headers=bearer(rotated.json()))
    assert after.status_code == 401 and after.json()["code"] == "unauthenticated"


async def test_a_replayed_refresh_token_ends_the_whole_session(client, tenant: TenantFixture) -> None:
    tokens = await register(client, tenant)
    rotated = (await client.post("/api/v1/store/auth/refresh", json={"refresh_token": tokens["refresh_token"]})).json()
    replay = await client.post("/api/v1/store/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401 and replay.json()["code"] == "invalid_refresh_token"
    assert (await client.get("/api/v1/store/me", headers=bearer(rotated))).status_code == 401
    again = await client.post("/api/v1/store/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert again.status_code == 401


async def test_an_expired_access_token_is_refused(client, tenant: TenantFixture, clock) -> None:
    tokens = await register(client, tenant)
    clock.advance(minutes=16)
    assert (await client.get("/api/v1/store/me", headers=bearer(tokens))).status_code == 401


async def test_tokens_do_not_cross_roles_or_tenants(client, tenant: TenantFixture, db) -> None:
    from tests.conftest import staff_headers

    tokens = await register(client, tenant)
    assert (await client.get("/api/v1/admin/customers", headers=bearer(tokens))).status_code == 401
    assert (await client.get("/api/v1/store/me", headers=await staff_headers(client, tenant))).status_code == 401
    other = await new_tenant(db)
    mixed = await client.get("/api/v1/store/me", headers={**bearer(tokens), "X-Shoal-Tenant": other.slug})
    assert mixed.status_code == 401
    same = await client.get("/api/v1/store/me", headers={**bearer(tokens), "X-Shoal-Tenant": tenant.slug})
    assert same.status_code == 200
