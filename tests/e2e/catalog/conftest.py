"""HTTP helpers for catalog and storefront tests: staff headers, product bodies, statement counting."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from shoal.core.uow import Database
from tests.conftest import TenantFixture, staff_headers


@pytest.fixture
async def admin(client: httpx.AsyncClient, tenant: TenantFixture) -> dict[str, str]:
    return await staff_headers(client, tenant)


def product_body(handle: str = "longjing", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "handle": handle,
        "name": "西湖龙井茶",
        "description": "明前龙井",
        "translations": {"en": {"name": "West Lake Longjing Tea", "description": "Pre-Qingming"}},
        "status": "active",
        "options": [{"name": "规格", "values": ["50g", "100g"], "translations": {"en": {"name": "Size"}}}],
        "images": [{"url": f"/media/{handle}.svg", "alt": handle}],
        "price": 8800,
        "compare_at_price": 9900,
        "sku": handle.upper(),
    }
    body.update(overrides)
    return body


async def create(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/api/v1/admin/products", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


@contextlib.contextmanager
def count_statements(db: Database) -> Iterator[list[str]]:
    """Collect every SQL statement the engine runs inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
