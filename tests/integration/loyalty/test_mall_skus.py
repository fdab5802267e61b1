"""Points mall SKUs: points (plus cash) for a SKU, sent as an order placed by campaign checkout; stock, the
shopper's limit and the location's units hold, a refusal writes nothing, an order cancelled unpaid gives the
points, stock and count back once; concurrent exchanges never pass stock or limit (PostgreSQL)."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from shoal.checkout.schemas import DeliveryIn
from shoal.loyalty import service_mall
from shoal.loyalty.schemas import MallExchangeIn, MallItemCreate
from shoal.orders import service as orders
from shoal.orders.service_queries import get_order_detail
from tests.integration.checkout.conftest import ADDRESS, add_product, stock
from tests.integration.loyalty.conftest import drain, ledger_sum, shopper
from tests.integration.loyalty.test_mall import exchange, rich_shopper

_skus = itertools.count()
SHIP = MallExchangeIn(delivery=DeliveryIn.model_validate({"method": "ship", "address": ADDRESS}))


async def sku_item(shop, uow_factory, *, units: int, **terms):  # type: ignore[no-untyped-def]
    variant = await add_product(uow_factory, f"MALL{next(_skus)}", price=12_800)
    await stock(uow_factory, variant, shop.warehouse.id, units)
    fields = {"name": "紫砂杯", "variant_id": variant, "location_id": shop.warehouse.id, "points": 500, "cash": 990,
              "stock": 5, "per_shopper_limit": 1}  # fmt: skip
    data = MallItemCreate.model_validate({**fields, **terms})
    return await service_mall.create_item(uow_factory(), data=data)


def sku_exchange(uow_factory, customer: str, item_id: str, data: MallExchangeIn = SHIP):  # type: ignore[no-untyped-def]
    return exchange(uow_factory, customer, item_id, data=data)


async def test_a_sku_comes_as_an_order_and_an_unpaid_cancel_gives_it_all_back(shop, uow_factory, db) -> None:
    item = await sku_item(shop, uow_factory, units=1)
    buyer, other = [await rich_shopper(uow_factory, f"sku{i}@example.com") for i in range(2)]
    missing = await sku_exchange(uow_factory, buyer, item.id, MallExchangeIn())
    assert (missing.status, missing.body["code"]) == (422, "validation_failed")
    made = await sku_exchange(uow_factory, buyer, item.id)
    assert made.status == 201 and made.body["status"] == "ordered"
    order = await get_order_detail(uow_factory(), order_id=made.body["order_id"])
    assert order.customer_id == buyer and order.subtotal == 990 and order.lines[0].variant_id == item.variant_id
    assert await ledger_sum(uow_factory(), buyer) == (500, 500)
    again = await sku_exchange(uow_factory, buyer, item.id)
    assert (again.status, again.body["code"]) == (409, "limit_reached")
    short = await sku_exchange(uow_factory, other, item.id)  # the location's only unit is reserved by the order
    assert (short.status, short.body["code"]) == (409, "out_of_stock")
    assert await ledger_sum(uow_factory(), other) == (1_000, 1_000)
    assert [i.stock for i in await service_mall.list_items(uow_factory())] == [4]

    await orders.cancel_order(shopper(uow_factory, buyer), order_id=order.id)
    await drain(db)
    await drain(db)  # delivered twice: given back once
    assert await ledger_sum(uow_factory(), buyer) == (1_000, 1_000)
    assert [i.stock for i in await service_mall.list_items(uow_factory())] == [5]
    assert (await sku_exchange(uow_factory, buyer, item.id)).status == 201  # the count came back too


@pytest.mark.pg_only
async def test_concurrent_sku_exchanges_keep_stock_and_limits(shop, uow_factory) -> None:
    item = await sku_item(shop, uow_factory, units=50)
    shoppers = [await rich_shopper(uow_factory, f"c{i}@example.com") for i in range(20)]
    results = await asyncio.gather(*(sku_exchange(uow_factory, c, item.id) for c in shoppers))
    assert sorted(r.status for r in results) == [201] * 5 + [409] * 15
    limited = await sku_item(shop, uow_factory, units=50, per_shopper_limit=2, stock=50)
    greedy = await rich_shopper(uow_factory, "greedy@example.com", points=100_000)
    results = await asyncio.gather(*(sku_exchange(uow_factory, greedy, limited.id) for _ in range(20)))
    assert sorted(r.status for r in results) == [201] * 2 + [409] * 18
    assert await ledger_sum(uow_factory(), greedy) == (99_000, 99_000)
