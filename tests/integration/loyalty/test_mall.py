"""The points mall: a coupon for points, with stock and a per-shopper limit; an exchange is one transaction
(points, stock, count, coupon), idempotent by its key; concurrent exchanges never pass the stock (PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shoal.loyalty import service_mall, service_points
from shoal.loyalty.schemas import MallItemCreate, PointsAdjust
from shoal.marketing.service_queries import shopper_coupons
from tests.integration.loyalty.conftest import ledger_sum, new_customer, shopper
from tests.integration.marketing.conftest import published_template


async def mall_item(uow_factory, **terms):  # type: ignore[no-untyped-def]
    template = await published_template(uow_factory, per_customer_claims=10)
    data = MallItemCreate.model_validate({"name": "10元券", "coupon_template_id": template.id, "points": 300,
                                          "stock": 5, "per_shopper_limit": 2, **terms})  # fmt: skip
    return await service_mall.create_item(uow_factory(), data=data)


async def rich_shopper(uow_factory, email: str, points: int = 1_000) -> str:  # type: ignore[no-untyped-def]
    customer = await new_customer(uow_factory, email)
    await service_points.adjust_points(
        uow_factory(), customer_id=customer, data=PointsAdjust(points=points, reason="g")
    )
    return customer


def exchange(uow_factory, customer: str, item_id: str, key: str | None = None, data=None):  # type: ignore[no-untyped-def]
    return service_mall.exchange(lambda: shopper(uow_factory, customer), item_id=item_id, key=key or str(uuid.uuid4()),
                                 locale="en", data=data)  # fmt: skip


async def test_an_exchange_spends_points_once_and_keeps_limits(uow_factory) -> None:
    item = await mall_item(uow_factory)
    customer = await rich_shopper(uow_factory, "m@example.com")
    first = await exchange(uow_factory, customer, item.id, key="k1")
    assert first.status == 201 and (await exchange(uow_factory, customer, item.id, key="k1")).body == first.body
    assert (await exchange(uow_factory, customer, item.id)).status == 201
    third = await exchange(uow_factory, customer, item.id)
    assert (third.status, third.body["code"]) == (409, "limit_reached")
    assert await ledger_sum(uow_factory(), customer) == (400, 400)
    held = (await shopper_coupons(shopper(uow_factory, customer), customer_id=customer)).mine
    assert len(held) == 2
    poor = await rich_shopper(uow_factory, "p@example.com", points=299)
    refused = await exchange(uow_factory, poor, item.id)
    assert (refused.status, refused.body["code"]) == (409, "insufficient_points")
    assert [i.stock for i in await service_mall.list_items(uow_factory())] == [3]  # the refusal took nothing


@pytest.mark.pg_only
async def test_twenty_shoppers_at_once_exchange_the_five_in_stock(uow_factory) -> None:
    item = await mall_item(uow_factory)
    shoppers = [await rich_shopper(uow_factory, f"s{i}@example.com") for i in range(20)]
    results = await asyncio.gather(*(exchange(uow_factory, c, item.id) for c in shoppers))
    assert sorted(r.status for r in results) == [201] * 5 + [409] * 15
    assert (await service_mall.list_items(uow_factory()))[0].stock == 0
    balances = [(await ledger_sum(uow_factory(), c))[0] for c in shoppers]
    assert sorted(balances) == [700] * 5 + [1_000] * 15
