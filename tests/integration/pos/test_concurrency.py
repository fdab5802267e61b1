"""The till's promises under real concurrency (PostgreSQL): an offline queue uploaded twice at once records each
sale once, and two tills and online pickups racing for a store's last units never sell more than it holds."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.actors import Actor
from shoal.pos import service_sales, service_shifts
from shoal.pos.schemas import SaleCreate, ShiftOpen
from tests.integration.checkout.conftest import filled_cart
from tests.integration.pos.conftest import clerk_of
from tests.integration.pos.test_sales import on_shelf

pytestmark = pytest.mark.pg_only


async def test_twenty_offline_sales_uploaded_twice_each_in_parallel_are_each_recorded_once(till) -> None:
    queue = [
        SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU000"}], cash_tendered=1_000, offline=True)
        for _ in range(20)
    ]
    results = await asyncio.gather(
        *(
            service_sales.record_sale(till.uow(), tenant=till.shop.tenant.tenant, providers=till.providers, data=sale)
            for sale in queue + queue
        )
    )
    by_sale: dict[str, set[str]] = {}
    for result in results:
        by_sale.setdefault(result.sale_id, set()).add(result.id)
    assert len(by_sale) == 20 and all(len(ids) == 1 for ids in by_sale.values())
    completed = [r for r in results if r.status == "completed"]
    flagged = {r.id for r in results if r.status == "flagged"}
    assert len({r.order_id for r in completed}) == 10 and len(flagged) == 10  # 10 on the shelf: none dropped
    assert await on_shelf(till, till.shop.variants[0]) == 0


async def test_two_tills_and_online_pickups_racing_for_ten_units_sell_ten(till, uow_factory) -> None:
    shop, hot = till.shop, till.shop.variants[1]  # 10 units at the store
    second = clerk_of(shop.store.id)
    await service_shifts.open_shift(uow_factory(second), data=ShiftOpen(opening_float=0))
    shoppers = [str(uuid.uuid4()) for _ in range(10)]
    carts = [await filled_cart(shop, uow_factory, {hot: 1}, customer_id=c) for c in shoppers]

    async def online(customer_id: str, cart_id: str) -> object:
        body = CheckoutRequest.model_validate(
            {"cart_id": cart_id, "delivery": {"method": "pickup", "location_id": shop.store.id}}
        )
        return await service_checkout.checkout(shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant,
                                               data=body, unpaid_minutes=30)  # fmt: skip

    def at_till(clerk: Actor) -> object:
        data = SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU001"}], cash_tendered=1_100)
        return service_sales.record_sale(uow_factory(clerk), tenant=shop.tenant.tenant, providers=till.providers,
                                         data=data)  # fmt: skip

    results = await asyncio.gather(
        *(online(c, cart.id) for c, cart in zip(shoppers, carts, strict=True)),
        *(at_till(clerk) for clerk in [till.clerk, second] * 5),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(results) - len(refused) == 10 and all(getattr(r, "code", "") == "out_of_stock" for r in refused)
    assert await on_shelf(till, hot) == 0
