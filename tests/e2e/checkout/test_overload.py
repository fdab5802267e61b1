"""Overload on PostgreSQL: an exhausted pool is a 503 with Retry-After (never a 500), and a queue of
checkouts on one hot variant leaves connections for everyone else (``core.overload``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from shoal.core.uow import Database
from shoal.inventory.models import Stock
from shoal.main import create_app
from tests.e2e.checkout.test_checkout_api import cart_with, ship

pytestmark = pytest.mark.pg_only


async def _tiny_client(settings, postgres_url: str, clock, *, pool_size: int, concurrency: int):  # type: ignore[no-untyped-def]
    tiny = Database(postgres_url, app_role="shoal_app", pool_size=pool_size, pool_timeout=0.5, clock=clock)
    overrides = {
        "database_pool_timeout_seconds": 0.5,
        "checkout_queue_seconds": 0.5,
        "checkout_concurrency": concurrency,
    }
    app = create_app(settings.model_copy(update=overrides), db=tiny)
    return tiny, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test")


@pytest.fixture
async def superuser(postgres_url: str) -> AsyncIterator[object]:
    engine = create_async_engine(postgres_url)
    yield engine
    await engine.dispose()


async def test_an_exhausted_pool_is_a_503_with_retry_after(settings, postgres_url, clock, tenant) -> None:
    tiny, client = await _tiny_client(settings, postgres_url, clock, pool_size=1, concurrency=1)
    held = [await tiny.engine.connect() for _ in range(2)]  # the pool (1) and its overflow (1)
    try:
        async with client:
            response = await client.get("/api/v1/store/products", headers={"X-Shoal-Tenant": tenant.slug})
    finally:
        for connection in held:
            await connection.close()
        await tiny.dispose()
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "service_busy" and int(response.headers["retry-after"]) > 0


async def test_a_storefront_read_succeeds_while_checkouts_queue_on_a_hot_variant(
    settings, postgres_url, clock, db, front, superuser
) -> None:
    tiny, client = await _tiny_client(settings, postgres_url, clock, pool_size=3, concurrency=2)
    hot = front.shop.variants[0]
    async with client:
        carts = [await cart_with(client, front.shopper, hot) for _ in range(8)]
        async with db.uow(tenant_id=front.shop.tenant.id) as locker:  # another writer holds the hot rows
            await locker.s.execute(select(Stock).where(Stock.variant_id == hot).with_for_update())
            checkouts = [
                asyncio.create_task(
                    client.post(
                        "/api/v1/store/checkout",
                        json=ship(cart_id),
                        headers={**front.shopper, "Idempotency-Key": f"hot-{n}"},
                    )
                )
                for n, cart_id in enumerate(carts)
            ]
            await _until_blocked_on_locks(superuser, at_least=2)
            read = await client.get("/api/v1/store/products", headers=front.anonymous)
        responses = await asyncio.gather(*checkouts)
    await tiny.dispose()
    assert read.status_code == 200, read.text
    statuses = [response.status_code for response in responses]
    assert 500 not in statuses and 201 in statuses
    assert set(statuses) <= {201, 503}


async def _until_blocked_on_locks(engine, *, at_least: int) -> None:  # type: ignore[no-untyped-def]
    """Wait (polling, no clock) until that many backends of this database wait on a row lock."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(1000):
        async with engine.connect() as connection:
            if (await connection.execute(query)).scalar_one() >= at_least:
                return
        await asyncio.sleep(0.02)
    pytest.fail(f"fewer than {at_least} checkouts ever waited on the hot variant's stock rows")
