"""Group-buy fixtures: a shop (checkout's), a SKU with stock in the warehouse, a live activity of groups of N,
and shoppers who open, join and pay with the mock provider."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from shoal.campaigns.group_buy import service
from shoal.campaigns.group_buy.schemas import GroupBuyCreate, GroupJoinIn
from shoal.campaigns.group_buy.service_join import join_group, open_group
from shoal.core.actors import Actor
from shoal.core.dispatcher import dispatch_pending
from shoal.core.idempotency import Outcome
from shoal.payments import service as payments
from shoal.payments.config import build_registry
from shoal.payments.schemas import PaymentStart
from tests.integration.checkout.conftest import ADDRESS, Shop, add_product, make_shop, stock

SHIP = {"method": "ship", "address": ADDRESS}


@dataclass
class Activity:
    shop: Shop
    activity_id: str
    variant_id: str
    warehouse_id: str


async def live_activity(uow_factory, tenant, clock, *, size: int = 3, on_hand: int = 50, at_store: bool = False,
                        **terms: Any) -> Activity:  # type: ignore[no-untyped-def]  # fmt: skip
    """A live activity selling from the warehouse (or, ``at_store``, from the pickup store)."""
    shop = await make_shop(uow_factory, tenant, products=0)
    variant = await add_product(uow_factory, "GROUP", price=9900)
    location = shop.store if at_store else shop.warehouse
    await stock(uow_factory, variant, location.id, on_hand)
    now = clock.now()
    data = GroupBuyCreate.model_validate(
        {
            "name": "三人团", "location_id": location.id, "starts_at": now - timedelta(minutes=1),
            "ends_at": now + timedelta(days=2), "group_size": size, "group_minutes": 60, **terms,
            "items": [{"variant_id": variant, "group_price": 5900, "leader_price": 4900}],
        }
    )  # fmt: skip
    activity = await service.create_group_buy(uow_factory(), data=data)
    await service.move_group_buy(uow_factory(), activity_id=activity.id, action="publish")
    return Activity(shop, activity.id, variant, location.id)


async def enrol(uow_factory, activity: Activity, customer_id: str, *, group_id: str | None = None,
                key: str | None = None) -> Outcome:  # type: ignore[no-untyped-def]  # fmt: skip
    """Open a group (no ``group_id``) or join one: the outcome of the idempotent call."""
    data = GroupJoinIn.model_validate({"variant_id": activity.variant_id, "quantity": 1, "delivery": SHIP})
    shopper = Actor(kind="shopper", id=customer_id)
    common: dict[str, Any] = dict(tenant=activity.shop.tenant.tenant, data=data, key=key or str(uuid.uuid4()),
                                  locale="en")  # fmt: skip
    if group_id is None:
        return await open_group(lambda: uow_factory(shopper), activity_id=activity.activity_id, **common)
    return await join_group(lambda: uow_factory(shopper), group_id=group_id, **common)


async def pay(uow_factory, clock, order_id: str, customer_id: str) -> None:  # type: ignore[no-untyped-def]
    providers = build_registry(clock=clock, mock_enabled=True)
    payment = await payments.start_payment(
        uow_factory(Actor(kind="shopper", id=customer_id)), providers=providers, order_id=order_id,
        customer_id=customer_id, data=PaymentStart(provider="mock"),
    )  # fmt: skip
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)


async def drain(db) -> None:  # type: ignore[no-untyped-def]
    """Deliver every due outbox event, and those the deliveries add."""
    for _ in range(20):
        if await dispatch_pending(db) == 0:
            return
