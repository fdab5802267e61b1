"""Checkout e2e fixtures: the app with the checkout and orders routes, a stocked shop, a signed-in shopper."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.integration.checkout.conftest import Shop, make_shop


@dataclass
class Storefront:
    shop: Shop
    anonymous: dict[str, str]
    shopper: dict[str, str]


async def shopper_headers(client: httpx.AsyncClient, slug: str, email: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/store/auth/register",
        json={"email": email, "password": "shopper-pass-1"},
        headers={"X-Shoal-Tenant": slug},
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}", "X-Shoal-Tenant": slug}


@pytest.fixture
async def front(client, uow_factory, tenant) -> Storefront:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    shopper = await shopper_headers(client, tenant.slug, "buyer@example.com")
    return Storefront(shop, {"X-Shoal-Tenant": tenant.slug}, shopper)
