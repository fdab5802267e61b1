"""Concurrency promises, on PostgreSQL: many transactions at once never oversell or go below zero."""

from __future__ import annotations

import asyncio

import pytest

from shoal.core.actors import SYSTEM
from shoal.inventory import service
from shoal.inventory.errors import OutOfStock
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import TransferCreate, TransferLineIn
from tests.conftest import staff_actor
from tests.integration.inventory.conftest import assert_ledger_matches_stock, make_location

pytestmark = pytest.mark.pg_only


async def test_200_concurrent_reservations_of_50_units_sell_exactly_50(db, tenant, uow_factory, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id="hot", location_id=warehouse.id, quantity=50)

    async def attempt(i: int) -> bool:
        try:
            await service.reserve(
                db.uow(tenant_id=tenant.id, actor=SYSTEM),
                reference=f"SO{i}",
                lines=[ReserveLine("hot", warehouse.id, 1)],
            )
        except OutOfStock:
            return False
        return True

    results = await asyncio.gather(*(attempt(i) for i in range(200)))
    assert results.count(True) == 50 and results.count(False) == 150
    assert await service.availability(uow_factory(), variant_ids=["hot"]) == {"hot": 0}
    await assert_ledger_matches_stock(db, tenant.id)


async def test_concurrent_adjustments_and_transfers_never_go_below_zero(db, tenant, uow_factory, warehouse) -> None:
    store = await make_location(uow_factory(), "ST-C", "store")
    await service.receive_stock(uow_factory(), variant_id="v", location_id=warehouse.id, quantity=30)
    drafts = [
        await service.create_transfer(
            uow_factory(),
            data=TransferCreate(
                source_location_id=warehouse.id,
                destination_location_id=store.id,
                lines=[TransferLineIn(variant_id="v", quantity=1)],
            ),
        )
        for _ in range(25)
    ]

    def uow():  # type: ignore[no-untyped-def]
        return db.uow(tenant_id=tenant.id, actor=staff_actor())

    async def adjust() -> bool:
        try:
            await service.adjust_stock(uow(), variant_id="v", location_id=warehouse.id, delta=-1, reason="adjustment")
        except OutOfStock:
            return False
        return True

    async def ship(transfer_id: str) -> bool:
        try:
            await service.ship_transfer(uow(), transfer_id=transfer_id)
        except OutOfStock:
            return False
        return True

    results = await asyncio.gather(*(adjust() for _ in range(25)), *(ship(t.id) for t in drafts))
    assert results.count(True) == 30
    page = await service.list_stock(uow_factory(), limit=5, location_id=warehouse.id)
    assert (page.items[0].on_hand, page.items[0].reserved) == (0, 0)
    await assert_ledger_matches_stock(db, tenant.id)


async def test_multi_line_reservations_in_opposite_orders_never_deadlock(db, tenant, uow_factory, warehouse) -> None:
    """50 reservations of [A, B] race 50 of [B, A]: rows are locked in one order, so all finish."""
    for variant in ("A", "B"):
        await service.receive_stock(uow_factory(), variant_id=variant, location_id=warehouse.id, quantity=60)

    async def attempt(i: int) -> bool:
        pair = ["A", "B"] if i % 2 else ["B", "A"]
        try:
            await service.reserve(
                db.uow(tenant_id=tenant.id, actor=SYSTEM),
                reference=f"PAIR{i}",
                lines=[ReserveLine(v, warehouse.id, 1) for v in pair],
            )
        except OutOfStock:
            return False
        return True

    results = await asyncio.gather(*(attempt(i) for i in range(100)))
    assert results.count(True) == 60
    assert await service.availability(uow_factory(), variant_ids=["A", "B"]) == {"A": 0, "B": 0}
    await assert_ledger_matches_stock(db, tenant.id)


async def test_a_reservation_that_does_not_fit_leaves_no_line_reserved(db, tenant, uow_factory, warehouse) -> None:
    await service.receive_stock(uow_factory(), variant_id="X", location_id=warehouse.id, quantity=5)
    await service.receive_stock(uow_factory(), variant_id="Y", location_id=warehouse.id, quantity=1)
    with pytest.raises(OutOfStock) as refused:
        await service.reserve(
            uow_factory(), reference="BIG", lines=[ReserveLine("X", warehouse.id, 2), ReserveLine("Y", warehouse.id, 2)]
        )
    assert refused.value.params["variant_id"] == "Y"
    assert await service.availability(uow_factory(), variant_ids=["X", "Y"]) == {"X": 5, "Y": 1}


async def test_a_crowd_of_children_takes_exactly_what_a_pool_holds(db, tenant, uow_factory, warehouse) -> None:
    """120 children of 1 to 3 units at once from a pool of 60 on 8 rows: the pool lends each unit once, no row
    goes below zero, and no two children deadlock (a gather waits in the order every taker shares)."""
    await service.receive_stock(uow_factory(), variant_id="pooled", location_id=warehouse.id, quantity=100)
    await service.reserve(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), reference="POOL", lines=[ReserveLine("pooled", warehouse.id, 60)],
        pool_shards=8,
    )  # fmt: skip

    async def attempt(i: int) -> int:
        quantity = 1 + i % 3
        try:
            await service.reserve(
                db.uow(tenant_id=tenant.id, actor=SYSTEM), reference=f"CHILD{i}",
                lines=[ReserveLine("pooled", warehouse.id, quantity)], parent_reference="POOL",
            )  # fmt: skip
        except OutOfStock:
            return 0
        return quantity

    lent = sum(await asyncio.gather(*(attempt(i) for i in range(120))))
    pool = await service.release_reservation(db.uow(tenant_id=tenant.id, actor=SYSTEM), reference="POOL")
    assert 58 <= lent <= 60 and lent + pool.lines[0].quantity == 60  # 1 or 2 may be left a 3-unit buyer wanted
    assert await service.availability(uow_factory(), variant_ids=["pooled"]) == {"pooled": 40 + 60 - lent}
    await assert_ledger_matches_stock(db, tenant.id)
