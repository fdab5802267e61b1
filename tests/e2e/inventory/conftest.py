"""HTTP fixtures for inventory: the owner's headers and a clerk signed in for one store."""

from __future__ import annotations

import httpx
import pytest

from shoal.core.uow import Database
from shoal.identity.schemas import StaffCreate
from shoal.identity.service import create_staff
from tests.conftest import TenantFixture, staff_actor
from tests.stand_ins import stand_in_for_catalog

CLERK_PASSWORD = "clerk-pass-123"


async def clerk_headers(client: httpx.AsyncClient, db: Database, t: TenantFixture, location_id: str) -> dict[str, str]:
    email = f"clerk-{location_id[-6:]}@{t.slug}.test"
    data = StaffCreate(email=email, name="Clerk", password=CLERK_PASSWORD, role="clerk", location_id=location_id)
    await create_staff(db.uow(tenant_id=t.id, actor=staff_actor()), data=data)
    response = await client.post(
        "/api/v1/auth/token", json={"tenant": t.slug, "email": email, "password": CLERK_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
