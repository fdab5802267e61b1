"""Store replenishment on both databases: a store below its reorder point gets a transfer from the warehouse
holding the most, capped by what that warehouse has (the rest is short), and accepting makes inventory's draft
transfers, whose units then count as inbound for both kinds of suggestion; purchases for a store cover only what
the warehouses cannot."""

from __future__ import annotations

from shoal.inventory import service as inventory
from shoal.supply import rules_replenishment, service_replenishment, service_transfer_suggestions
from shoal.supply.schemas_replenishment import TransferAcceptIn
from tests.integration.inventory.conftest import make_location
from tests.integration.supply.test_replenishment import _forecast


async def test_stores_are_refilled_from_the_fullest_warehouse(uow_factory, clock, warehouse, supplier):
    store = await make_location(uow_factory(), "ST-1", "store")
    fuller = await make_location(uow_factory(), "WH-2", "warehouse", priority=5)
    await inventory.receive_stock(uow_factory(), variant_id="v-tea", location_id=warehouse.id, quantity=8)
    await inventory.receive_stock(uow_factory(), variant_id="v-tea", location_id=fuller.id, quantity=12)
    await inventory.receive_stock(uow_factory(), variant_id="v-tea", location_id=store.id, quantity=2)
    await inventory.receive_stock(uow_factory(), variant_id="v-cup", location_id=store.id, quantity=100)
    await _forecast(uow_factory(), clock, store.id, {"v-tea": (14.0, 7.0), "v-cup": (7.0, 1.0)})

    found = await service_transfer_suggestions.transfer_suggestions(uow_factory(), lead_time_days=7)
    target = rules_replenishment.levels([14.0] * 4, 7.0, 1.0, 0.95)
    assert [(s.source_location_id, s.destination_location_id) for s in found] == [(fuller.id, store.id)]
    (line,) = found[0].lines  # cups are well stocked
    assert (line.variant_id, line.available, line.reorder_point) == ("v-tea", 2, target.reorder_point)
    assert line.quantity == 12 and line.short == target.order_up_to - 2 - 12

    bought = [x for s in await service_replenishment.suggestions(uow_factory()) for x in s.lines]
    (store_line,) = [x for x in bought if x.location_id == store.id]  # buy only what the warehouses cannot cover
    assert store_line.warehouse_spare == 20
    assert store_line.quantity == rules_replenishment.order_quantity(2 + 20, target, moq=24, pack_size=12)

    made = await service_transfer_suggestions.accept_transfers(uow_factory(), data=TransferAcceptIn(lead_time_days=7))
    assert [(t.status, t.source_location_id, [(x.variant_id, x.quantity) for x in t.lines]) for t in made] == [
        ("draft", fuller.id, [("v-tea", 12)])
    ]
    assert (await service_replenishment.inbound(uow_factory()))[("v-tea", store.id)] == 12
    again = await service_transfer_suggestions.transfer_suggestions(uow_factory(), lead_time_days=7)
    assert [(s.source_location_id, [x.quantity for x in s.lines]) for s in again] in ([], [(warehouse.id, [8])])


async def test_a_store_no_warehouse_can_serve_is_all_short(uow_factory, clock, warehouse, supplier):
    store = await make_location(uow_factory(), "ST-2", "store")
    await _forecast(uow_factory(), clock, store.id, {"v-cup": (5.0, 1.0)})
    (suggestion,) = await service_transfer_suggestions.transfer_suggestions(uow_factory())
    assert suggestion.source_location_id is None and suggestion.lines[0].quantity == 0
    assert suggestion.lines[0].short > 0
    assert await service_transfer_suggestions.accept_transfers(uow_factory(), data=TransferAcceptIn()) == []
    (bought,) = await service_replenishment.suggestions(uow_factory())  # so it is bought for the store
    assert (bought.location_id, bought.lines[0].warehouse_spare) == (store.id, 0)
