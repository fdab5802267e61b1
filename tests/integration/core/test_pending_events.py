"""Emitted events wait for their transaction's commit and are written together: a savepoint rolled back drops
the events emitted inside it, one released keeps them, a transaction rolled back drops them all, and a commit
writes all of a transaction's events in one statement (both databases)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import event, select

from shoal.core.outbox import Event, OutboxRow


@dataclasses.dataclass(frozen=True, kw_only=True)
class Noted(Event):
    tag: str


async def _written(uow_factory) -> list[str]:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        rows = await uow.s.execute(
            select(OutboxRow.payload).where(OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "Noted")
        )
        return sorted(payload["tag"] for payload in rows.scalars())


async def test_a_savepoint_rolled_back_takes_its_events_back(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        uow.emit(Noted(tag="before"))
        try:
            async with uow.s.begin_nested():
                uow.emit(Noted(tag="refused"))
                async with uow.s.begin_nested():
                    uow.emit(Noted(tag="inner"))
                raise LookupError("the attempt failed")
        except LookupError:
            pass
        async with uow.s.begin_nested():
            uow.emit(Noted(tag="retried"))
        uow.emit(Noted(tag="after"))
        await uow.commit()
    assert await _written(uow_factory) == ["after", "before", "retried"]


async def test_a_transaction_rolled_back_writes_none(uow_factory) -> None:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        uow.emit(Noted(tag="lost"))
        await uow.rollback()
        uow.emit(Noted(tag="kept"))
        await uow.commit()
    async with uow_factory() as uow:
        uow.emit(Noted(tag="never committed"))
    assert await _written(uow_factory) == ["kept"]


async def test_a_commit_writes_its_events_in_one_statement(db, uow_factory) -> None:  # type: ignore[no-untyped-def]
    inserts: list[str] = []

    def seen(_conn, _cursor, sql: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if sql.startswith("INSERT INTO core_outbox"):
            inserts.append(sql)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with uow_factory() as uow:
            for tag in ("a", "b", "c", "d"):
                uow.emit(Noted(tag=tag))
                await uow.s.execute(select(OutboxRow.id).limit(1))  # an autoflush between them
            await uow.commit()
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert len(inserts) == 1
    assert await _written(uow_factory) == ["a", "b", "c", "d"]
