"""Bargain fixtures: a shop (checkout's), a SKU with stock in the warehouse, a published activity on it, and
shoppers acting by id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from shoal.campaigns.bargain import service, service_orders, service_store
from shoal.campaigns.bargain.schemas import BargainCheckoutIn, BargainCreate, CutRead
from shoal.core.actors import Actor
from shoal.core.idempotency import Outcome
from tests.integration.checkout.conftest import ADDRESS, Shop, add_product, make_shop, stock

SHIP = {"method": "ship", "address": ADDRESS}


@dataclass
class Activity:
    shop: Shop
    bargain_id: str
    variant_id: str


async def live_bargain(  # type: ignore[no-untyped-def]
    uow_factory, tenant, *, helpers: int, start: int = 10_000, floor: int = 100, **options: Any
) -> Activity:
    shop = await make_shop(uow_factory, tenant, products=0)
    variant = await add_product(uow_factory, f"BARGAIN-{uuid.uuid4().hex[:6]}", price=start)
    await stock(uow_factory, variant, shop.warehouse.id, 10)
    data = BargainCreate.model_validate(
        {"name": "砍到 1 元", "variant_id": variant, "location_id": shop.warehouse.id, "start_price": start,
         "floor_price": floor, "helpers_needed": helpers, **options}
    )  # fmt: skip
    bargain = await service.create_bargain(uow_factory(), data=data)
    await service.publish_bargain(uow_factory(), bargain_id=bargain.id)
    return Activity(shop, bargain.id, variant)


def shopper(uow_factory, customer_id: str):  # type: ignore[no-untyped-def]
    return uow_factory(Actor(kind="shopper", id=customer_id))


async def start(uow_factory, activity: Activity, initiator: str = "initiator") -> str:  # type: ignore[no-untyped-def]
    return (await service_store.start_bargain(shopper(uow_factory, initiator), bargain_id=activity.bargain_id)).id


async def cut(uow_factory, record_id: str, helper: str) -> CutRead | str:  # type: ignore[no-untyped-def]
    """One helper's cut: what it took, or the refusal's code."""
    try:
        return await service_store.cut(shopper(uow_factory, helper), record_id=record_id)
    except Exception as exc:
        return str(getattr(exc, "code", exc))


async def buy(uow_factory, activity: Activity, record_id: str, *, key: str | None = None,  # type: ignore[no-untyped-def]
              initiator: str = "initiator") -> Outcome:  # fmt: skip
    return await service_orders.checkout(
        lambda: shopper(uow_factory, initiator), tenant=activity.shop.tenant.tenant, record_id=record_id,
        data=BargainCheckoutIn.model_validate({"delivery": SHIP}), key=key or str(uuid.uuid4()), locale="en",
    )  # fmt: skip
