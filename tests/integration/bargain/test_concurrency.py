"""PostgreSQL promises of a bargain under a crowd: 200 helpers cutting at once a bargain that needs 20 give
exactly 20 cuts and the floor exactly; one helper cutting 20 times at once cuts once."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from shoal.campaigns.bargain import service_store
from shoal.campaigns.bargain.models import BargainCut
from tests.integration.bargain.conftest import cut, live_bargain, start

pytestmark = pytest.mark.pg_only


async def _crowd(uow_factory, record_id: str, helpers: list[str]) -> list[object]:  # type: ignore[no-untyped-def]
    slots = asyncio.Semaphore(25)

    async def one(helper: str) -> object:
        async with slots:
            return await cut(uow_factory, record_id, helper)

    return await asyncio.gather(*(one(h) for h in helpers))


async def test_two_hundred_helpers_make_exactly_twenty_cuts_to_the_floor(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=20, start=9_900, floor=100, daily_help_limit=5)
    record_id = await start(uow_factory, activity)
    results = await _crowd(uow_factory, record_id, [f"helper-{i}" for i in range(200)])

    cuts = [r for r in results if not isinstance(r, str)]
    assert len(cuts) == 20 and {r for r in results if isinstance(r, str)} == {"bargain_closed"}
    assert sum(c.amount for c in cuts) == 9_800 and all(c.amount >= 1 for c in cuts)  # type: ignore[attr-defined]
    seen = await service_store.get_record(uow_factory(), record_id=record_id)
    assert (seen.price, seen.cut, seen.reached_floor, len(seen.helpers)) == (100, 20, True, 20)


async def test_one_helper_cutting_twenty_times_at_once_cuts_once(db, uow_factory, tenant) -> None:  # type: ignore[no-untyped-def]
    activity = await live_bargain(uow_factory, tenant, helpers=20)
    record_id = await start(uow_factory, activity)
    results = await _crowd(uow_factory, record_id, ["eager"] * 20)

    assert len([r for r in results if not isinstance(r, str)]) == 1
    assert {r for r in results if isinstance(r, str)} == {"already_helped"}
    async with db.uow(tenant_id=tenant.id) as uow:
        count = (await uow.s.execute(select(func.count()).where(BargainCut.tenant_id == tenant.id))).scalar_one()
    assert count == 1
    assert (await service_store.get_record(uow_factory(), record_id=record_id)).cut == 1
