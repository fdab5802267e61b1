"""Pooled PostgreSQL connections are pinged only after sitting idle (``core.db.PING_IDLE_SECONDS``), not on
every checkout; a connection the server closed meanwhile is replaced before a request sees it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from shoal.core import db as core_db
from shoal.core.uow import Database

pytestmark = pytest.mark.pg_only


async def _backend_pid(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_busy_connection_is_not_pinged_and_an_idle_dead_one_is_replaced(database_url, monkeypatch) -> None:
    database, killer = Database(database_url, pool_size=1), Database(database_url, pool_size=1)
    pings: list[object] = []
    ping = AsyncAdapt_asyncpg_connection.ping
    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", lambda self: pings.append(self) or ping(self))
    try:
        first = await _backend_pid(database)
        assert await _backend_pid(database) == first and pings == []  # used at once again: not pinged

        async with killer.session() as session:  # another pool: the server closes our idle connection
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        monkeypatch.setattr(core_db, "PING_IDLE_SECONDS", 0.0)  # every pooled connection now counts as idle
        assert await _backend_pid(database) != first  # the dead one was noticed at checkout, not by the request
        assert len(pings) == 1
    finally:
        await database.dispose()
        await killer.dispose()
