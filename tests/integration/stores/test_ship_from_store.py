"""Ship-from-store on both databases: checkout routes an order to the store nearest the address with stock, to a
location assigned the address's region (a dealer), else the warehouse; a store's queues list what waits for it;
shoppers see each store's level and the nearest with stock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.checkout.schemas import ShippingTemplateIn
from shoal.checkout.service_shipping import create_template
from shoal.core.errors import Forbidden, NotFound
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate, LocationUpdate
from shoal.orders.schemas import RemainingShipmentCreate
from shoal.orders.service_admin import ship_remaining
from shoal.orders.service_store import store_queue
from shoal.stores.service import store_availability
from tests.conftest import staff_actor
from tests.integration.checkout.conftest import add_product, make_shop, stock
from tests.integration.stores.conftest import HANGZHOU_HOME, SHANGHAI_HOME, order_to, pay


async def test_orders_go_to_the_near_store_the_regions_dealer_or_the_warehouse(uow_factory, tenant, clock) -> None:
    shop = await make_shop(uow_factory, tenant, products=1)
    tea = shop.variants[0]
    near = await order_to(shop, uow_factory, HANGZHOU_HOME, tea)
    assert near.fulfilment_location_ids == [shop.store.id] and near.lines[0].location_id == shop.store.id

    dealer = await inventory.create_location(
        uow_factory(),
        data=LocationCreate(
            code="DL-HZ", kind="dealer", name="杭州经销商", coverage=["3301"], priority=5, sellable=False
        ),
    )
    await stock(uow_factory, tea, dealer.id, 5)
    in_region = await order_to(shop, uow_factory, HANGZHOU_HOME, tea)
    assert in_region.fulfilment_location_ids == [dealer.id]
    elsewhere = await order_to(shop, uow_factory, SHANGHAI_HOME, tea)
    assert elsewhere.fulfilment_location_ids == [shop.store.id]  # the dealer serves only its region
    more_than_the_store = await order_to(shop, uow_factory, SHANGHAI_HOME, tea, quantity=9)
    assert more_than_the_store.fulfilment_location_ids == [shop.warehouse.id]

    pickup = await order_to(shop, uow_factory, {"method": "pickup", "location_id": shop.store.id}, tea)
    for order in (near, elsewhere, more_than_the_store, pickup):
        await pay(uow_factory, order, clock)
    ships = await store_queue(uow_factory(), location_id=shop.store.id, queue="ship")
    assert [o.number for o in ships] == [near.number, elsewhere.number]
    pickups = await store_queue(uow_factory(), location_id=shop.store.id, queue="pickup")
    assert [o.number for o in pickups] == [pickup.number]
    own_clerk = staff_actor("clerk", location_id=shop.store.id)
    assert len(await store_queue(uow_factory(own_clerk), location_id=shop.store.id, queue="ship")) == 2
    with pytest.raises(NotFound):
        await store_queue(uow_factory(own_clerk), location_id=shop.warehouse.id, queue="ship")

    rider = RemainingShipmentCreate(carrier="dada", tracking_number="DD0001")
    await ship_remaining(uow_factory(own_clerk), order_id=near.id, data=rider)  # the store hands it to a rider
    assert [o.number for o in await store_queue(uow_factory(own_clerk), location_id=shop.store.id, queue="ship")] == [
        elsewhere.number
    ]
    with pytest.raises(NotFound):  # the warehouse's order is not the store's to see, let alone ship
        await ship_remaining(uow_factory(own_clerk), order_id=more_than_the_store.id, data=rider)
    with pytest.raises(Forbidden):  # the store's pickup permission, without a store, ships nothing
        await ship_remaining(uow_factory(staff_actor("clerk")), order_id=elsewhere.id, data=rider)


async def test_shoppers_see_levels_and_the_nearest_store_with_stock(uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=0)
    product = await create_product(
        uow_factory(), data=ProductCreate(name="龙井", status="active", price=8800, sku="LJ-1", handle="lj")
    )
    tea = product.variants[0].id
    await inventory.create_location(
        uow_factory(),
        data=LocationCreate(
            code="ST-SH", kind="store", name="上海店", name_translations={"en": "Shanghai store"},
            address={"province": "上海市", "city": "上海市"},
            latitude=Decimal("31.2304"), longitude=Decimal("121.4737"),
        ),
    )  # fmt: skip
    hangzhou = LocationUpdate(address={"province": "浙江省", "city": "杭州市"})
    await inventory.update_location(uow_factory(), location_id=shop.store.id, data=hangzhou)
    await stock(uow_factory, tea, shop.store.id, 2)  # the Shanghai store has no row at all: none

    found = await store_availability(uow_factory(), product_id=product.id, locale="en", city="上海市")
    assert [(s.name, s.level) for s in found.stores] == [("Shanghai store", "none"), ("Store", "low")]
    assert found.nearest is not None and found.nearest.location_id == shop.store.id
    assert 160_000 < found.nearest.distance_metres < 170_000 and found.cities == ["上海市", "杭州市"]
    unlocated = await store_availability(uow_factory(), product_id=product.id, locale="zh-CN", variant_id=tea)
    assert unlocated.nearest is None and unlocated.stores[0].distance_metres is None
    with pytest.raises(NotFound):
        await store_availability(uow_factory(), product_id=product.id, locale="en", variant_id=shop.warehouse.id)


async def test_same_city_delivery_leaves_from_the_nearest_store_that_has_it(uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=0)
    tea = await add_product(uow_factory, "LJ-SC", price=3000)
    across_town = await inventory.create_location(
        uow_factory(),
        data=LocationCreate(code="ST-2", kind="store", name="滨江店", latitude=Decimal("30.2100"),
                            longitude=Decimal("120.2100")),
    )  # fmt: skip
    for store in (shop.store, across_town):
        rule = ShippingTemplateIn(name="同城", mode="same_city", location_id=store.id, radius_metres=20_000,
                                  bands=[{"up_to_metres": 20_000, "fee": 800}])  # fmt: skip
        await create_template(uow_factory(), data=rule)
    await stock(uow_factory, tea, across_town.id, 2)  # the store 1 km away has none
    order = await order_to(shop, uow_factory, {"method": "same_city", "address": HANGZHOU_HOME}, tea)
    assert order.fulfilment_location_ids == [across_town.id] and order.shipping_fee == 800
