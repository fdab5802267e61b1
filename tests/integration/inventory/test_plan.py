"""Planning where an order ships from, on real stock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shoal.inventory import service
from shoal.inventory.errors import Unfulfillable
from tests.integration.inventory.conftest import make_location

SHANGHAI_PEOPLES_SQUARE = (Decimal("31.2304"), Decimal("121.4737"))


async def test_plan_prefers_a_near_store_then_warehouses_then_splits(uow_factory, warehouse, store) -> None:
    far = await make_location(
        uow_factory(), "ST-BJ", "store", latitude=Decimal("39.9362"), longitude=Decimal("116.4553")
    )
    for location, quantity in ((warehouse, 5), (store, 1), (far, 9)):
        await service.receive_stock(uow_factory(), variant_id="v1", location_id=location.id, quantity=quantity)
    near = await service.plan_fulfilment(uow_factory(), lines=[("v1", 1)], destination=SHANGHAI_PEOPLES_SQUARE)
    assert near.location_ids == [store.id]
    bigger = await service.plan_fulfilment(uow_factory(), lines=[("v1", 6)], destination=SHANGHAI_PEOPLES_SQUARE)
    assert bigger.location_ids == [far.id]
    no_destination = await service.plan_fulfilment(uow_factory(), lines=[("v1", 2)], destination=None)
    assert no_destination.location_ids == [warehouse.id]
    with pytest.raises(Unfulfillable):
        await service.plan_fulfilment(uow_factory(), lines=[("v1", 12)], destination=None)
    split = await service.plan_fulfilment(uow_factory(), lines=[("v1", 12)], destination=None, split=True)
    assert sum(a.quantity for a in split.allocations) == 12 and len(split.location_ids) == 2
