"""Receipts, adjustments, stocktakes, availability, the ledger and tenant isolation, on both databases."""

from __future__ import annotations

import random

import pytest

from shoal.core.errors import Forbidden, NotFound
from shoal.inventory import service
from shoal.inventory.errors import BelowReserved, InvalidReason, OutOfStock
from shoal.inventory.rules import ReserveLine
from tests.conftest import new_tenant, staff_actor
from tests.integration.inventory.conftest import assert_ledger_matches_stock, make_location

V1, V2 = "variant-1", "variant-2"


async def test_receipts_add_up_and_each_writes_a_ledger_row(uow_factory, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=5, reference="PO1")
    stock = await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=7)
    assert (stock.on_hand, stock.reserved, stock.available) == (12, 0, 12)
    ledger = await service.list_ledger(uow_factory(), limit=10, variant_id=V1)
    assert [(e.reason, e.delta_on_hand, e.on_hand_after) for e in reversed(ledger.items)] == [
        ("receipt", 5, 5),
        ("receipt", 7, 12),
    ]
    assert ledger.items[-1].reference == "PO1" and ledger.items[0].actor == "staff:test-owner"


async def test_adjustment_never_takes_reserved_units(uow_factory, system_uow, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=10)
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 4)])
    with pytest.raises(OutOfStock) as caught:
        await service.adjust_stock(
            uow_factory(), variant_id=V1, location_id=warehouse.id, delta=-7, reason="adjustment"
        )
    assert caught.value.params["available"] == 6 and caught.value.params["requested"] == 7
    stock = await service.adjust_stock(
        uow_factory(), variant_id=V1, location_id=warehouse.id, delta=-6, reason="adjustment"
    )
    assert (stock.on_hand, stock.reserved) == (4, 4)
    with pytest.raises(InvalidReason):
        await service.adjust_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, delta=1, reason="sale")


async def test_adjusting_stock_that_was_never_received_is_out_of_stock(uow_factory, warehouse) -> None:
    with pytest.raises(OutOfStock):
        await service.adjust_stock(
            uow_factory(), variant_id=V1, location_id=warehouse.id, delta=-1, reason="adjustment"
        )


async def test_stocktake_sets_the_count_and_books_the_difference(uow_factory, system_uow, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=10)
    stock = await service.set_on_hand(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=8)
    assert stock.on_hand == 8
    entry = (await service.list_ledger(uow_factory(), limit=1, variant_id=V1)).items[0]
    assert (entry.reason, entry.delta_on_hand) == ("stocktake", -2)
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 5)])
    with pytest.raises(BelowReserved):
        await service.set_on_hand(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=4)
    counted = await service.set_on_hand(uow_factory(), variant_id=V2, location_id=warehouse.id, quantity=3)
    assert counted.on_hand == 3


async def test_unknown_or_foreign_location_is_not_found(db, uow_factory) -> None:
    other = await new_tenant(db)
    foreign = await make_location(db.uow(tenant_id=other.id, actor=staff_actor()), "WH-X")
    for location_id in ("nope", foreign.id):
        with pytest.raises(NotFound):
            await service.receive_stock(uow_factory(), variant_id=V1, location_id=location_id, quantity=1)


async def test_a_clerk_may_not_write_and_sees_only_its_own_location(uow_factory, warehouse, store) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=3)
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=store.id, quantity=2)
    clerk = staff_actor("clerk", location_id=store.id)
    with pytest.raises(Forbidden):
        await service.receive_stock(uow_factory(clerk), variant_id=V1, location_id=store.id, quantity=1)
    page = await service.list_stock(uow_factory(clerk), limit=10)
    assert [s.location_id for s in page.items] == [store.id]
    with pytest.raises(NotFound):
        await service.list_stock(uow_factory(clerk), limit=10, location_id=warehouse.id)
    with pytest.raises(NotFound):
        await service.get_location(uow_factory(clerk), location_id=warehouse.id)
    assert [x.id for x in await service.list_locations(uow_factory(clerk))] == [store.id]


async def test_availability_counts_active_sellable_locations_only(uow_factory, system_uow, warehouse, store) -> None:
    hidden = await make_location(uow_factory(), "DEALER", "dealer", sellable=False)
    closed = await make_location(uow_factory(), "OLD", "store", active=False)
    for location, quantity in ((warehouse, 5), (store, 3), (hidden, 100), (closed, 100)):
        await service.receive_stock(uow_factory(), variant_id=V1, location_id=location.id, quantity=quantity)
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, store.id, 2)])
    assert await service.availability(uow_factory(), variant_ids=[V1, V2]) == {V1: 6, V2: 0}
    assert await service.availability(uow_factory(), variant_ids=[V1], location_ids=[store.id]) == {V1: 1}
    by_location = await service.availability_by_location(uow_factory(), variant_ids=[V1, V2])
    assert by_location == {V1: {warehouse.id: 5, store.id: 1, hidden.id: 100}, V2: {}}


async def test_another_tenant_sees_none_of_this_stock(db, uow_factory, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=5)
    other = await new_tenant(db)
    other_uow = lambda: db.uow(tenant_id=other.id, actor=staff_actor())  # noqa: E731
    assert await service.availability(other_uow(), variant_ids=[V1]) == {V1: 0}
    assert (await service.list_stock(other_uow(), limit=10)).items == []
    assert (await service.list_ledger(other_uow(), limit=10)).items == []
    assert await service.list_locations(other_uow()) == []


async def test_stock_pages_with_a_cursor(uow_factory, warehouse) -> None:
    for i in range(5):
        await service.receive_stock(uow_factory(), variant_id=f"v{i}", location_id=warehouse.id, quantity=1)
    first = await service.list_stock(uow_factory(), limit=3)
    second = await service.list_stock(uow_factory(), limit=3, cursor=first.next_cursor)
    assert len(first.items) == 3 and len(second.items) == 2 and second.next_cursor is None
    assert {s.variant_id for s in first.items + second.items} == {f"v{i}" for i in range(5)}


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_ledger_sums_equal_stock_after_any_sequence(db, tenant, uow_factory, system_uow, seed) -> None:
    """Random operations, failures included: the ledger always explains the stock rows exactly."""
    rng = random.Random(seed)
    places = [(await make_location(uow_factory(), f"L{i}")).id for i in range(2)]
    reservations: list[str] = []
    for step in range(40):
        variant, place = rng.choice([V1, V2]), rng.choice(places)
        op = rng.choice(["receive", "adjust", "count", "reserve", "confirm", "release"])
        try:
            if op == "receive":
                await service.receive_stock(
                    uow_factory(), variant_id=variant, location_id=place, quantity=rng.randint(1, 9)
                )
            elif op == "adjust":
                await service.adjust_stock(
                    uow_factory(),
                    variant_id=variant,
                    location_id=place,
                    delta=rng.randint(-6, 6) or 1,
                    reason="adjustment",
                )
            elif op == "count":
                await service.set_on_hand(
                    uow_factory(), variant_id=variant, location_id=place, quantity=rng.randint(0, 9)
                )
            elif op == "reserve":
                lines = [ReserveLine(variant, place, rng.randint(1, 4)), ReserveLine(V2, places[0], 1)]
                await service.reserve(system_uow(), reference=f"R{step}", lines=lines)
                reservations.append(f"R{step}")
            elif reservations:
                chosen = reservations.pop(rng.randrange(len(reservations)))
                act = service.confirm_reservation if op == "confirm" else service.release_reservation
                await act(system_uow(), reference=chosen)
        except (OutOfStock, BelowReserved):
            pass
    await assert_ledger_matches_stock(db, tenant.id)
