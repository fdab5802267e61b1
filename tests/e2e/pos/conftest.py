"""POS e2e fixtures: the checkout storefront (a stocked shop, a signed-in shopper) and a clerk of its store."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import TenantFixture, staff_headers
from tests.e2e.checkout.conftest import front  # noqa: F401

CLERK = {"email": "clerk@shop.test", "name": "小王", "password": "clerk-pass-1", "role": "clerk"}


async def clerk_headers(client: httpx.AsyncClient, tenant: TenantFixture, store_id: str) -> dict[str, str]:
    owner = await staff_headers(client, tenant)
    made = await client.post("/api/v1/admin/staff", json={**CLERK, "location_id": store_id}, headers=owner)
    assert made.status_code == 201, made.text
    body = {"tenant": tenant.slug, "email": CLERK["email"], "password": CLERK["password"]}
    token = (await client.post("/api/v1/auth/token", json=body)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def clerk(client, front, tenant) -> dict[str, str]:  # type: ignore[no-untyped-def]  # noqa: F811
    return await clerk_headers(client, tenant, front.shop.store.id)
