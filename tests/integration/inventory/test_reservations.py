"""Reservations: all or nothing, confirm and release once, expiry by the sweeper (time is moved, not waited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shoal.core.errors import InvalidState, NotFound
from shoal.core.outbox import OutboxRow
from shoal.inventory import service
from shoal.inventory.errors import OutOfStock, ReservationExists
from shoal.inventory.jobs import release_expired_reservations
from shoal.inventory.rules import ReserveLine
from tests.conftest import staff_actor
from tests.integration.inventory.conftest import assert_ledger_matches_stock

V1, V2 = "variant-1", "variant-2"


@pytest.fixture
async def stocked(uow_factory, warehouse, store):  # type: ignore[no-untyped-def]
    await service.receive_stock(uow_factory(), variant_id=V1, location_id=warehouse.id, quantity=10)
    await service.receive_stock(uow_factory(), variant_id=V2, location_id=store.id, quantity=2)
    return warehouse, store


async def _stock(uow_factory, variant_id: str, location_id: str):  # type: ignore[no-untyped-def]
    page = await service.list_stock(uow_factory(), limit=1, variant_id=variant_id, location_id=location_id)
    return page.items[0]


async def test_reserve_holds_every_line_or_nothing(uow_factory, system_uow, stocked) -> None:
    warehouse, store = stocked
    with pytest.raises(OutOfStock) as caught:
        await service.reserve(
            system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 3), ReserveLine(V2, store.id, 5)]
        )
    assert caught.value.params == {"variant_id": V2, "location_id": store.id, "requested": 5, "available": 2}
    assert (await _stock(uow_factory, V1, warehouse.id)).reserved == 0
    held = await service.reserve(
        system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 3), ReserveLine(V2, store.id, 2)]
    )
    assert held.status == "active" and held.expires_at - held.created_at == timedelta(minutes=30)
    assert (await _stock(uow_factory, V1, warehouse.id)).available == 7
    assert (await _stock(uow_factory, V2, store.id)).available == 0


async def test_a_refused_reservation_writes_nothing_so_the_same_transaction_can_plan_again(
    db, tenant, uow_factory, system_uow, stocked
) -> None:  # type: ignore[no-untyped-def]
    """No savepoint: the refusal itself leaves the first line's row and the reference untouched."""
    warehouse, store = stocked
    async with system_uow() as uow:
        with pytest.raises(OutOfStock):
            await service.reserve(
                uow, reference="SO1", lines=[ReserveLine(V1, warehouse.id, 3), ReserveLine(V2, store.id, 5)]
            )
        await service.reserve(uow, reference="SO1", lines=[ReserveLine(V1, warehouse.id, 4)])
        await uow.commit()
    assert (await _stock(uow_factory, V1, warehouse.id)).reserved == 4
    assert (await _stock(uow_factory, V2, store.id)).reserved == 0
    await assert_ledger_matches_stock(db, tenant.id)


async def test_a_reference_reserves_once(system_uow, stocked) -> None:
    warehouse, _ = stocked
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 1)])
    with pytest.raises(ReservationExists):
        await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 1)])


async def test_confirm_sells_once(db, tenant, uow_factory, system_uow, stocked) -> None:
    warehouse, _ = stocked
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 4)])
    for _ in range(2):
        confirmed = await service.confirm_reservation(system_uow(), reference="SO1")
        assert confirmed.status == "confirmed"
    stock = await _stock(uow_factory, V1, warehouse.id)
    assert (stock.on_hand, stock.reserved) == (6, 0)
    sales = await service.list_ledger(uow_factory(), limit=10, reason="sale")
    assert [(e.delta_on_hand, e.delta_reserved, e.reference) for e in sales.items] == [(-4, -4, "SO1")]
    with pytest.raises(InvalidState):
        await service.release_reservation(system_uow(), reference="SO1")
    async with db.uow(tenant_id=tenant.id) as uow:
        names = (await uow.s.execute(select(OutboxRow.name).where(OutboxRow.tenant_id == tenant.id))).scalars()
        assert list(names).count("ReservationConfirmed") == 1
    await assert_ledger_matches_stock(db, tenant.id)


async def test_release_returns_the_units_once(uow_factory, system_uow, stocked) -> None:
    warehouse, _ = stocked
    await service.reserve(system_uow(), reference="SO1", lines=[ReserveLine(V1, warehouse.id, 4)])
    for _ in range(2):
        assert (await service.release_reservation(system_uow(), reference="SO1")).status == "released"
    assert (await _stock(uow_factory, V1, warehouse.id)).available == 10
    assert len((await service.list_ledger(uow_factory(), limit=10, reason="release")).items) == 1
    with pytest.raises(InvalidState):
        await service.confirm_reservation(system_uow(), reference="SO1")
    with pytest.raises(NotFound):
        await service.confirm_reservation(system_uow(), reference="nope")


async def test_sweeper_releases_only_expired_reservations(db, clock, uow_factory, system_uow, stocked) -> None:
    warehouse, _ = stocked
    await service.reserve(system_uow(), reference="SHORT", lines=[ReserveLine(V1, warehouse.id, 2)])
    await service.reserve(
        system_uow(), reference="LONG", lines=[ReserveLine(V1, warehouse.id, 3)], ttl=timedelta(hours=2)
    )
    clock.advance(minutes=29)
    await release_expired_reservations(db)
    assert (await _stock(uow_factory, V1, warehouse.id)).reserved == 5
    clock.advance(minutes=2)
    assert await release_expired_reservations(db) >= 1
    assert (await _stock(uow_factory, V1, warehouse.id)).reserved == 3
    expired = await service.list_reservations(uow_factory(), limit=10, status="expired")
    assert [r.reference for r in expired.items] == ["SHORT"]
    await release_expired_reservations(db)
    assert (await _stock(uow_factory, V1, warehouse.id)).reserved == 3
    with pytest.raises(InvalidState):
        await service.confirm_reservation(system_uow(), reference="SHORT")


async def test_reservations_list_for_a_clerk_shows_its_location_only(uow_factory, system_uow, stocked) -> None:
    warehouse, store = stocked
    await service.reserve(system_uow(), reference="W", lines=[ReserveLine(V1, warehouse.id, 1)])
    await service.reserve(system_uow(), reference="S", lines=[ReserveLine(V2, store.id, 1)])
    everything = await service.list_reservations(uow_factory(), limit=10)
    assert {r.reference for r in everything.items} == {"W", "S"}
    clerk = staff_actor("clerk", location_id=store.id)
    mine = await service.list_reservations(uow_factory(clerk), limit=10)
    assert [r.reference for r in mine.items] == ["S"]
    assert mine.items[0].lines[0].quantity == 1
