"""Delivered outbox events are deleted once older than the retention (``SHOAL_OUTBOX_RETENTION_DAYS``);
events not yet delivered, backing off or failing, stay however old they are; pruning twice deletes nothing more."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, update

from shoal.config import get_settings
from shoal.core.dispatcher import dispatch_pending, prune_delivered
from shoal.core.outbox import FAILING_AFTER, Event, OutboxRow, subscribe


@dataclasses.dataclass(frozen=True, kw_only=True)
class PruneProbe(Event):
    tag: str


async def _deliver_unless_broken(_db, _tenant_id, payload) -> None:  # type: ignore[no-untyped-def]
    if payload["tag"] == "broken":
        raise ConnectionError("provider unreachable")


subscribe(PruneProbe, _deliver_unless_broken)


async def _emit(uow_factory, *tags: str) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        for tag in tags:
            uow.emit(PruneProbe(tag=tag))
        await uow.commit()


async def _tags(uow_factory) -> list[str]:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        rows = await uow.s.execute(
            select(OutboxRow.payload).where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "PruneProbe")
        )
        return sorted(payload["tag"] for payload in rows.scalars())


async def test_only_delivered_events_past_the_retention_are_pruned(db, uow_factory, tenant, clock) -> None:
    await _emit(uow_factory, "old", "broken")
    await dispatch_pending(db)  # "old" is delivered now; "broken" backs off
    async with uow_factory() as uow:  # "broken" has failed for good, as far as staff can see
        await uow.s.execute(
            update(OutboxRow)
            .where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.attempts > 0, OutboxRow.dispatched_at.is_(None))
            .values(attempts=FAILING_AFTER)
        )
        await uow.commit()
    clock.advance(days=13)
    await _emit(uow_factory, "recent", "never-dispatched")
    await dispatch_pending(db)  # "recent" delivered now
    clock.advance(days=1)
    await prune_delivered(db)
    assert await _tags(uow_factory) == ["broken", "never-dispatched", "old", "recent"]  # 14 days, not older
    clock.advance(seconds=1)
    await prune_delivered(db)
    assert await _tags(uow_factory) == ["broken", "never-dispatched", "recent"]
    await prune_delivered(db)  # again: nothing more goes
    assert await _tags(uow_factory) == ["broken", "never-dispatched", "recent"]


async def test_the_retention_is_a_setting(db, uow_factory, tenant, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "outbox_retention_days", 2)
    await _emit(uow_factory, "short-lived")
    await dispatch_pending(db)
    clock.advance(days=2, seconds=1)
    await prune_delivered(db)
    assert await _tags(uow_factory) == []
