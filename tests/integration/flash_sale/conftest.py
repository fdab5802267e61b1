"""Flash sale fixtures: a shop (checkout's), a hot SKU with stock in the warehouse, a live session of it, and a
gate in the local Redis under a key prefix of this test run (Redis tests fail on CI without Redis)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from shoal.campaigns.flash_sale import gate as gates
from shoal.campaigns.flash_sale import service
from shoal.campaigns.flash_sale.gate import FlashGate
from shoal.campaigns.flash_sale.schemas import FlashOrderIn, FlashSaleCreate
from shoal.campaigns.flash_sale.service_buy import buy
from shoal.core.actors import Actor
from shoal.core.idempotency import Outcome
from tests.conftest import ON_CI
from tests.integration.checkout.conftest import ADDRESS, Shop, add_product, make_shop, stock

REDIS_URL = "redis://127.0.0.1:6379/0"
SHIP = {"method": "ship", "address": ADDRESS}


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Sale:
    shop: Shop
    sale_id: str
    variant_id: str


async def live_sale(uow_factory, tenant, clock, *, units: int, limit: int = 1, on_hand: int | None = None) -> Sale:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "FLASH", price=9900)
    await stock(uow_factory, hot, shop.warehouse.id, on_hand if on_hand is not None else units + 10)
    now = clock.now()
    data = FlashSaleCreate.model_validate(
        {
            "name": "10:00 场", "location_id": shop.warehouse.id, "starts_at": now - timedelta(minutes=1),
            "ends_at": now + timedelta(hours=2), "payment_minutes": 5,
            "items": [{"variant_id": hot, "flash_price": 990, "quantity": units, "per_shopper_limit": limit}],
        }
    )  # fmt: skip
    sale = await service.create_flash_sale(uow_factory(), data=data)
    await service.publish_flash_sale(uow_factory(), sale_id=sale.id)
    return Sale(shop, sale.id, hot)


async def attempt(uow_factory, sale: Sale, customer_id: str, *, gate: FlashGate | None = None, quantity: int = 1,
                  key: str | None = None) -> Outcome | str:  # type: ignore[no-untyped-def]  # fmt: skip
    """One buyer's try: the outcome (201 with the order, or a stored refusal) or the quick refusal's code."""
    data = FlashOrderIn.model_validate({"variant_id": sale.variant_id, "quantity": quantity, "delivery": SHIP})
    shopper = Actor(kind="shopper", id=customer_id)
    try:
        return await buy(
            lambda: uow_factory(shopper), tenant=sale.shop.tenant.tenant, sale_id=sale.sale_id, data=data,
            key=key or str(uuid.uuid4()), locale="en", gate=gate,
        )  # fmt: skip
    except Exception as exc:
        return str(getattr(exc, "code", exc))


def code_of(result: Outcome | str) -> str:
    if isinstance(result, str):
        return result
    return "ordered" if result.status == 201 else str(result.body.get("code"))


@pytest.fixture
async def gate() -> AsyncIterator[FlashGate]:
    if not _redis_reachable():
        if ON_CI:
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 and CI=true: the Redis path must be tested on CI")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    prefix = f"shoal-test-{uuid.uuid4().hex[:10]}"
    the_gate = gates.configure(REDIS_URL, prefix)
    assert the_gate is not None
    yield the_gate
    keys: list[Any] = [k async for k in the_gate._redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await the_gate._redis.delete(*keys)
    gates.configure("", prefix)
    await the_gate.close()
