"""Inventory fixtures: a warehouse and a store of the test tenant, and ledger/stock consistency checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from shoal.core.uow import Database, UnitOfWork
from shoal.inventory import service
from shoal.inventory.models import LedgerEntry, Stock
from shoal.inventory.schemas import LocationCreate, LocationRead
from tests.stand_ins import stand_in_for_catalog


async def make_location(uow: UnitOfWork, code: str, kind: str = "warehouse", **fields: object) -> LocationRead:
    data = LocationCreate(code=code, kind=kind, name=f"{kind} {code}", **fields)  # type: ignore[arg-type]
    return await service.create_location(uow, data=data)


@pytest.fixture
async def warehouse(uow_factory) -> LocationRead:  # type: ignore[no-untyped-def]
    return await make_location(uow_factory(), "WH-1", "warehouse", priority=1)


@pytest.fixture
async def store(uow_factory) -> LocationRead:  # type: ignore[no-untyped-def]
    return await make_location(
        uow_factory(), "ST-1", "store", latitude=Decimal("31.2199"), longitude=Decimal("121.4748"), pickup_enabled=True
    )


async def assert_ledger_matches_stock(db: Database, tenant_id: str) -> None:
    """The audit invariant: for every stock row, its ledger deltas sum to its counts."""
    async with db.uow(tenant_id=tenant_id) as uow:
        sums = {
            (v, loc): (int(d_on), int(d_res))
            for v, loc, d_on, d_res in (
                await uow.s.execute(
                    select(
                        LedgerEntry.variant_id,
                        LedgerEntry.location_id,
                        func.sum(LedgerEntry.delta_on_hand),
                        func.sum(LedgerEntry.delta_reserved),
                    )
                    .where(LedgerEntry.tenant_id == tenant_id)
                    .group_by(LedgerEntry.variant_id, LedgerEntry.location_id)
                )
            ).all()
        }
        rows = (await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant_id))).scalars().all()
        stock = {(r.variant_id, r.location_id): (r.on_hand, r.reserved) for r in rows}
    assert all(on_hand >= reserved >= 0 for on_hand, reserved in stock.values())
    assert {k: v for k, v in stock.items() if v != (0, 0)} == {k: v for k, v in sums.items() if v != (0, 0)}


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
