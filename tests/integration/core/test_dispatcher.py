"""Outbox delivery: backs off and never gives an event up; failing events are visible and retryable by
staff; two workers never deliver one event at the same time; a dead worker's event is taken over."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter

import pytest
from sqlalchemy import select

from shoal.core.dispatcher import LEASE, dispatch_pending
from shoal.core.errors import Forbidden, NotFound
from shoal.core.failing_events import EventNotRetryable, count_failing_events, list_failing_events, retry_event
from shoal.core.outbox import FAILING_AFTER, Event, OutboxRow, retry_delay, subscribe
from tests.conftest import new_tenant, staff_actor


@dataclasses.dataclass(frozen=True, kw_only=True)
class FlakyHappened(Event):
    tag: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class SlowHappened(Event):
    tag: str


outage = {"on": False}
delivered: Counter[str] = Counter()


async def _flaky(_db, _tenant_id, payload) -> None:  # type: ignore[no-untyped-def]
    if outage["on"]:
        raise ConnectionError("provider unreachable")
    delivered[payload["tag"]] += 1


subscribe(FlakyHappened, _flaky)


@pytest.fixture
def provider_down():  # type: ignore[no-untyped-def]
    outage["on"] = True
    yield outage
    outage["on"] = False


async def _emit(uow_factory, event: Event) -> str:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        uow.emit(event)
        await uow.commit()
    async with uow_factory() as uow:
        rows = await uow.s.execute(
            select(OutboxRow.id).where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == event.event_name())
        )
        return rows.scalars().all()[-1]


async def _row(uow_factory, row_id: str) -> OutboxRow:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        return (await uow.s.execute(select(OutboxRow).where(OutboxRow.id == row_id))).scalar_one()


async def test_an_outage_of_any_length_is_waited_out(db, uow_factory, tenant, clock, provider_down) -> None:
    row_id = await _emit(uow_factory, FlakyHappened(tag=f"long-outage-{tenant.id}"))
    for attempt in range(1, 16):  # well past the ten attempts after which events used to be abandoned
        await dispatch_pending(db)
        row = await _row(uow_factory, row_id)
        assert (row.attempts, row.dispatched_at) == (attempt, None)
        assert row.last_error == "ConnectionError: provider unreachable"
        await dispatch_pending(db)  # not due yet: backing off
        assert (await _row(uow_factory, row_id)).attempts == attempt
        clock.advance(seconds=retry_delay(attempt).total_seconds())
    provider_down["on"] = False
    await dispatch_pending(db)
    row = await _row(uow_factory, row_id)
    assert row.dispatched_at is not None and delivered[f"long-outage-{tenant.id}"] == 1


async def test_staff_see_a_failing_event_and_retry_it(db, uow_factory, tenant, clock, provider_down) -> None:
    row_id = await _emit(uow_factory, FlakyHappened(tag=f"staff-retry-{tenant.id}"))
    for _ in range(FAILING_AFTER - 1):
        await dispatch_pending(db)
        clock.advance(minutes=30)
    assert await count_failing_events(uow_factory()) == 0  # a few failures are not yet anyone's concern
    await dispatch_pending(db)
    page = await list_failing_events(uow_factory(), limit=10, cursor=None)
    assert [(e.id, e.failing, e.attempts) for e in page.items] == [(row_id, True, FAILING_AFTER)]
    assert await count_failing_events(uow_factory()) == 1
    still = await retry_event(uow_factory(), event_id=row_id)  # the cause is not fixed: it fails again
    assert (still.attempts, still.failing, still.dispatched_at) == (FAILING_AFTER + 1, True, None)
    provider_down["on"] = False
    done = await retry_event(uow_factory(), event_id=row_id)
    assert done.dispatched_at is not None and not done.failing and delivered[f"staff-retry-{tenant.id}"] == 1
    assert await count_failing_events(uow_factory()) == 0
    with pytest.raises(EventNotRetryable):
        await retry_event(uow_factory(), event_id=row_id)
    with pytest.raises(Forbidden):
        await retry_event(uow_factory(staff_actor("clerk")), event_id=row_id)
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await retry_event(db.uow(tenant_id=other.id, actor=staff_actor()), event_id=row_id)


async def test_an_event_being_delivered_cannot_be_retried_by_staff(db, uow_factory, tenant, clock) -> None:
    row_id = await _emit(uow_factory, FlakyHappened(tag=f"held-{tenant.id}"))
    async with uow_factory() as uow:  # a worker holds it (its lease runs)
        row = (await uow.s.execute(select(OutboxRow).where(OutboxRow.id == row_id))).scalar_one()
        row.claimed_until = clock.now() + LEASE
        await uow.commit()
    with pytest.raises(EventNotRetryable):
        await retry_event(uow_factory(), event_id=row_id)
    await dispatch_pending(db)
    assert delivered[f"held-{tenant.id}"] == 0
    clock.advance(seconds=LEASE.total_seconds())  # the worker died: once its lease is over, another takes it
    await dispatch_pending(db)
    assert delivered[f"held-{tenant.id}"] == 1


running: Counter[str] = Counter()
calls: Counter[str] = Counter()
overlaps: list[str] = []


async def _slow(_db, _tenant_id, payload) -> None:  # type: ignore[no-untyped-def]
    tag = payload["tag"]
    running[tag] += 1
    calls[tag] += 1
    if running[tag] > 1:
        overlaps.append(tag)
    await asyncio.sleep(0.05)
    running[tag] -= 1


subscribe(SlowHappened, _slow)


@pytest.mark.pg_only
async def test_two_workers_never_deliver_one_event_twice(db, uow_factory, tenant) -> None:
    tags = [f"{tenant.id}-{n}" for n in range(20)]
    async with uow_factory() as uow:
        for tag in tags:
            uow.emit(SlowHappened(tag=tag))
        await uow.commit()
    await asyncio.gather(*(dispatch_pending(db) for _ in range(4)))  # four workers on one tick
    assert overlaps == []
    assert {tag: calls[tag] for tag in tags} == dict.fromkeys(tags, 1)
