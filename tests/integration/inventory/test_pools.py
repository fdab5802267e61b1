"""A pool (a hold kept on several rows, ``reserve(pool_shards=)``): children take from it and give back to it,
a quantity no single row holds is gathered over several, and releasing it returns what it still holds, once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.inventory import service
from shoal.inventory.errors import OutOfStock
from shoal.inventory.models import ReservationLine
from shoal.inventory.rules import ReserveLine
from tests.integration.inventory.conftest import assert_ledger_matches_stock

V = "pool-variant"


async def _rows(db, tenant_id: str, reservation_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        rows = await uow.s.execute(
            select(ReservationLine.quantity).where(
                ReservationLine.tenant_id == tenant_id, ReservationLine.reservation_id == reservation_id
            )
        )
        return sorted(rows.scalars())


async def test_a_pool_lends_its_units_to_children_and_returns_the_rest(
    db, tenant, uow_factory, system_uow, warehouse
) -> None:  # type: ignore[no-untyped-def]
    await service.receive_stock(uow_factory(), variant_id=V, location_id=warehouse.id, quantity=20)
    pool = await service.reserve(
        system_uow(), reference="POOL", lines=[ReserveLine(V, warehouse.id, 10)], pool_shards=4
    )
    assert [(x.variant_id, x.quantity) for x in pool.lines] == [(V, 10)]  # read as one line
    assert await _rows(db, tenant.id, pool.id) == [2, 2, 3, 3]

    one = await service.reserve(system_uow(), reference="C1", lines=[ReserveLine(V, warehouse.id, 3)],
                                parent_reference="POOL")  # fmt: skip
    gathered = await service.reserve(system_uow(), reference="C2", lines=[ReserveLine(V, warehouse.id, 6)],
                                     parent_reference="POOL")  # fmt: skip
    assert one.status == gathered.status == "active"
    assert sum(await _rows(db, tenant.id, pool.id)) == 1 and min(await _rows(db, tenant.id, pool.id)) >= 0
    with pytest.raises(OutOfStock):
        await service.reserve(system_uow(), reference="C3", lines=[ReserveLine(V, warehouse.id, 2)],
                              parent_reference="POOL")  # fmt: skip

    await service.release_reservation(system_uow(), reference="C2")  # back to the pool, not the shelf
    assert sum(await _rows(db, tenant.id, pool.id)) == 7
    assert (await service.availability(uow_factory(), variant_ids=[V]))[V] == 10

    released = await service.release_reservation(system_uow(), reference="POOL")
    assert [(x.variant_id, x.quantity) for x in released.lines] == [(V, 7)]
    assert (await service.availability(uow_factory(), variant_ids=[V]))[V] == 17  # C1 still holds 3
    await service.release_reservation(system_uow(), reference="C1")  # the pool is gone: to the shelf
    assert (await service.availability(uow_factory(), variant_ids=[V]))[V] == 20
    await assert_ledger_matches_stock(db, tenant.id)
