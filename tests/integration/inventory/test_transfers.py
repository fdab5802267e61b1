"""Transfers: ship takes stock out at the source, receive adds it at the destination, each exactly once."""

from __future__ import annotations

import pytest

from shoal.core.errors import InvalidState, NotFound
from shoal.inventory import service
from shoal.inventory.errors import OutOfStock, SameLocationTransfer
from shoal.inventory.schemas import TransferCreate, TransferLineIn
from tests.conftest import staff_actor
from tests.integration.inventory.conftest import assert_ledger_matches_stock, make_location

V1, V2 = "variant-1", "variant-2"


def _transfer(source: str, destination: str, **quantities: int) -> TransferCreate:
    lines = [TransferLineIn(variant_id=v, quantity=q) for v, q in quantities.items()]
    return TransferCreate(source_location_id=source, destination_location_id=destination, lines=lines)


async def _available(uow_factory, location_id: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    page = await service.list_stock(uow_factory(), limit=50, location_id=location_id)
    return {s.variant_id: s.available for s in page.items}


async def test_ship_then_receive_moves_stock_once(db, tenant, uow_factory, warehouse, store) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=10)
    await service.receive_stock(uow_factory(), variant_id=V2, location_id=warehouse.id, quantity=4)
    draft = await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, store.id, **{V1: 6, V2: 4}))
    assert draft.status == "draft" and len(draft.lines) == 2
    shipped = await service.ship_transfer(uow_factory(), transfer_id=draft.id)
    assert shipped.status == "in_transit" and shipped.shipped_at is not None
    assert await _available(uow_factory, warehouse.id) == {V1: 4, V2: 0}
    with pytest.raises(InvalidState):
        await service.ship_transfer(uow_factory(), transfer_id=draft.id)
    with pytest.raises(InvalidState):
        await service.cancel_transfer(uow_factory(), transfer_id=draft.id)
    received = await service.receive_transfer(uow_factory(), transfer_id=draft.id)
    assert received.status == "received"
    assert await _available(uow_factory, store.id) == {V1: 6, V2: 4}
    with pytest.raises(InvalidState):
        await service.receive_transfer(uow_factory(), transfer_id=draft.id)
    ledger = await service.list_ledger(uow_factory(), limit=10, reference=draft.id)
    assert sorted(e.reason for e in ledger.items) == ["transfer_in", "transfer_in", "transfer_out", "transfer_out"]
    await assert_ledger_matches_stock(db, tenant.id)


async def test_shipping_more_than_available_fails_and_stays_draft(uow_factory, warehouse, store) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=2)
    await service.receive_stock(uow_factory(), variant_id=V2, location_id=warehouse.id, quantity=1)
    draft = await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, store.id, **{V1: 2, V2: 3}))
    with pytest.raises(OutOfStock):
        await service.ship_transfer(uow_factory(), transfer_id=draft.id)
    assert (await service.get_transfer(uow_factory(), transfer_id=draft.id)).status == "draft"
    assert await _available(uow_factory, warehouse.id) == {V1: 2, V2: 1}
    cancelled = await service.cancel_transfer(uow_factory(), transfer_id=draft.id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None


async def test_a_transfer_needs_two_known_locations(uow_factory, warehouse) -> None:
    with pytest.raises(SameLocationTransfer):
        await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, warehouse.id, **{V1: 1}))
    with pytest.raises(NotFound):
        await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, "nowhere", **{V1: 1}))


async def test_a_clerk_sees_only_transfers_touching_its_location(uow_factory, warehouse, store) -> None:
    third = await make_location(uow_factory(), "WH-3")
    mine = await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, store.id, **{V1: 1}))
    other = await service.create_transfer(uow_factory(), data=_transfer(warehouse.id, third.id, **{V1: 1}))
    clerk = staff_actor("clerk", location_id=store.id)
    listed = await service.list_transfers(uow_factory(clerk), limit=10)
    assert [t.id for t in listed.items] == [mine.id]
    with pytest.raises(NotFound):
        await service.get_transfer(uow_factory(clerk), transfer_id=other.id)
