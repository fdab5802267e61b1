"""Datetimes keep their instant on both databases, whatever offset they were written with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from shoal.inventory.models import Transfer
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location


async def test_a_shanghai_time_reads_back_as_the_same_instant(uow_factory) -> None:  # type: ignore[no-untyped-def]
    source = await create_location(uow_factory(), data=LocationCreate(code="A", kind="warehouse", name="A"))
    target = await create_location(uow_factory(), data=LocationCreate(code="B", kind="store", name="B"))
    shanghai = datetime(2026, 11, 25, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    uow = uow_factory()
    async with uow:
        row = Transfer(
            tenant_id=uow.tenant_id, source_location_id=source.id, destination_location_id=target.id,
            status="draft", created_at=shanghai,
        )  # fmt: skip
        uow.s.add(row)
        await uow.commit()
    async with uow_factory() as again:
        stored = (await again.s.execute(select(Transfer.created_at).where(Transfer.id == row.id))).scalar_one()
    assert stored == shanghai and stored.tzinfo is not None
    assert stored.astimezone(UTC).hour == 2
