"""Consumer orders in a dealer's region go to the dealer with stock, on both databases: a dealer's location covers
its province from the day it is created, so checkout's routing (``inventory.rules.preference_order``) tries it
first for an address there, and falls back to the brand's warehouse when the dealer cannot hold the whole order."""

from __future__ import annotations

from shoal.dealers import service_accounts
from shoal.dealers.schemas import DealerCreate, DealerUpdate
from shoal.inventory import service as inventory
from tests.integration.checkout.conftest import ADDRESS, make_shop, stock
from tests.integration.stores.conftest import order_to


async def test_an_order_in_the_dealers_province_ships_from_the_dealer_when_it_has_stock(uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=1)  # 10 in the warehouse, 10 in the store
    tea = shop.variants[0]
    dealer = await service_accounts.create_dealer(
        uow_factory(), data=DealerCreate(code="hz", name="杭州茶行", region="浙江")
    )
    location = await inventory.get_location(uow_factory(), location_id=dealer.location_id)
    assert location.coverage == ["33"] and not location.sellable

    before_stock = await order_to(shop, uow_factory, ADDRESS, tea)  # an address in 浙江 with no map point
    assert before_stock.fulfilment_location_ids == [shop.warehouse.id]
    await stock(uow_factory, tea, dealer.location_id, 3)
    from_dealer = await order_to(shop, uow_factory, ADDRESS, tea, quantity=2)
    assert from_dealer.fulfilment_location_ids == [dealer.location_id]
    too_many = await order_to(shop, uow_factory, ADDRESS, tea, quantity=2)  # one left at the dealer
    assert too_many.fulfilment_location_ids == [shop.warehouse.id]
    outside = await order_to(shop, uow_factory, {**ADDRESS, "province": "广东", "city": "广州", "district": "天河区"},
                             tea)  # fmt: skip
    assert outside.fulfilment_location_ids == [shop.warehouse.id]

    await service_accounts.update_dealer(uow_factory(), dealer_id=dealer.id, data=DealerUpdate(region="广东省"))
    moved = await inventory.get_location(uow_factory(), location_id=dealer.location_id)
    assert moved.coverage == ["44"]
    assert (await order_to(shop, uow_factory, ADDRESS, tea)).fulfilment_location_ids == [shop.warehouse.id]
