"""The staff sign-in throttle over HTTP: slots are taken before a password is checked, per account and
address, per account and per address; lockouts are audited. (Shoppers: ``customers/test_sign_in_throttle``.)"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from shoal.config import Settings
from shoal.identity import service as identity_service
from tests.conftest import TenantFixture, staff_headers

STRANGER = {"X-Forwarded-For": "198.51.100.9"}
OWNER_AT_HOME = {"X-Forwarded-For": "203.0.113.20"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test client is the trusted proxy (127.0.0.1), so each test names client addresses; the wide
    limits are narrowed so that few passwords are hashed."""
    narrower = {"login_max_failures_per_account": 12, "login_max_failures_per_address": 8}
    return settings.model_copy(update={"trusted_proxies": "127.0.0.1", **narrower})


@pytest.fixture
def checked_passwords(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password staff sign-in actually verifies."""
    checked: list[str] = []
    verify = identity_service.verify_password

    async def counting(password_hash: str | None, password: str) -> bool:
        checked.append(password)
        return await verify(password_hash, password)

    monkeypatch.setattr(identity_service, "verify_password", counting)
    return checked


def _sign_in(client, t: TenantFixture, password: str, headers: dict[str, str], email: str | None = None):  # type: ignore[no-untyped-def]
    body = {"tenant": t.slug, "email": email or t.owner_email, "password": password}
    return client.post("/api/v1/auth/token", json=body, headers=headers)


@pytest.mark.pg_only
async def test_parallel_guesses_check_no_more_passwords_than_the_limit(
    client, tenant: TenantFixture, checked_passwords: list[str]
) -> None:
    responses = await asyncio.gather(*(_sign_in(client, tenant, f"guess-{n}", STRANGER) for n in range(40)))
    codes = Counter(response.json()["code"] for response in responses)
    assert len(checked_passwords) == 5
    assert codes == {"invalid_credentials": 5, "too_many_attempts": 35}
    right = await _sign_in(client, tenant, tenant.owner_password, STRANGER)
    assert right.status_code == 429 and len(checked_passwords) == 5


async def test_a_stranger_locks_out_only_themselves_and_the_lockout_is_audited(client, tenant: TenantFixture) -> None:
    for n in range(5):
        assert (await _sign_in(client, tenant, f"guess-{n}", STRANGER)).status_code == 401
    locked = await _sign_in(client, tenant, tenant.owner_password, STRANGER)
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert (await _sign_in(client, tenant, "again", STRANGER)).status_code == 429
    owner = await _sign_in(client, tenant, tenant.owner_password, OWNER_AT_HOME)
    assert owner.status_code == 200
    headers = {"Authorization": f"Bearer {owner.json()['access_token']}"}
    log = (await client.get("/api/v1/admin/audit-log", headers=headers)).json()["items"]
    lockouts = [entry for entry in log if entry["action"] == "sign_in.locked_out"]
    assert len(lockouts) == 1  # once per window, however many refusals
    assert lockouts[0]["changes"]["address"] == "198.51.100.9"
    assert lockouts[0]["changes"]["login"] == tenant.owner_email


async def test_one_address_spraying_many_accounts_is_limited(client, tenant: TenantFixture, settings) -> None:
    statuses = [
        (await _sign_in(client, tenant, "Password1", STRANGER, email=f"staff{n}@x.test")).status_code for n in range(12)
    ]
    limit = settings.login_max_failures_per_address
    assert statuses == [401] * limit + [429] * (12 - limit)
    assert (await _sign_in(client, tenant, tenant.owner_password, OWNER_AT_HOME)).status_code == 200


async def test_the_account_has_a_wide_ceiling_over_all_addresses(client, tenant: TenantFixture, settings) -> None:
    ceiling = settings.login_max_failures_per_account
    for n in range(ceiling):
        address = {"X-Forwarded-For": f"198.51.100.{n // 5 + 1}"}
        assert (await _sign_in(client, tenant, f"guess-{n}", address)).status_code == 401
    refused = await _sign_in(client, tenant, tenant.owner_password, OWNER_AT_HOME)
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"


async def test_a_right_password_gives_its_slot_back(client, tenant: TenantFixture) -> None:
    for _ in range(10):
        assert (await staff_headers(client, tenant))["Authorization"]
    assert (await _sign_in(client, tenant, "wrong", {})).status_code == 401


async def test_forwarded_for_is_ignored_without_trusted_proxies(db, tenant: TenantFixture, settings) -> None:
    import httpx

    from shoal.main import create_app

    app = create_app(settings.model_copy(update={"trusted_proxies": ""}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as client:
        for n in range(5):  # a new address per guess, but the header is not believed
            assert (await _sign_in(client, tenant, "guess", {"X-Forwarded-For": f"192.0.2.{n}"})).status_code == 401
        refused = await _sign_in(client, tenant, tenant.owner_password, {"X-Forwarded-For": "192.0.2.99"})
    assert refused.status_code == 429
