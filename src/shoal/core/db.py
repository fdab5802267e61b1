"""Engine, declarative base and column conventions shared by every domain.

SQLite (embedded default) and PostgreSQL (production) differ in two ways that matter for money:

* SQLite ignores ``SELECT ... FOR UPDATE`` and upgrades read locks lazily, which fails fast under
  contention. Every SQLite transaction therefore starts with ``BEGIN IMMEDIATE`` and waits on a busy
  timeout, so writers queue instead of failing.
* PostgreSQL enforces tenancy a second time with row-level security: after connecting, the
  application switches to a role that does not own the tables (``SHOAL_DATABASE_APP_ROLE``), and
  each transaction sets ``app.tenant_id`` with a bound parameter (see ``uow.py``).

A pooled PostgreSQL connection is checked before use only when it has sat idle for ``PING_IDLE_SECONDS``
(``_ping_idle_connections``): SQLAlchemy's ``pool_pre_ping`` checked every checkout, three round trips
(begin, ``SELECT 1``, rollback) on each request, which was a fifth of a cached storefront read's CPU.
A connection the server dropped while in steady use is still noticed: the failing statement invalidates
the pool (SQLAlchemy's disconnect handling), so only the requests already holding one fail.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, MetaData, String, event, exc
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from shoal.core.clock import as_utc
from shoal.core.ids import new_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Every column of money (and of quantity × price) is 64-bit: 32 bits end at 2,147,483,647 fen (¥21 million),
# which one order of 999 × ¥30,000 passes. SQLite's INTEGER already stores 64 bits, so there it stays
# INTEGER and no table is rebuilt; PostgreSQL gets BIGINT. See ``shoal.core.money.MAX_AMOUNT``.
AMOUNT = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both databases (SQLite forgets the zone; this restores it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use the injected Clock")
        # Stored as UTC: SQLite keeps the wall time and drops the offset, so 10:00+08:00 must go in as 02:00.
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return as_utc(value) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


def id_column() -> Mapped[str]:
    return mapped_column(String(36), primary_key=True, default=new_id)


def tenant_column() -> Mapped[str]:
    """Every business row names its tenant; it leads every index and unique key of the table."""
    return mapped_column(String(36), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)


def is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(
    url: str, *, app_role: str | None = None, pool_size: int = 20, pool_timeout: float = 30.0
) -> AsyncEngine:
    """Create the async engine with the per-dialect behaviour described in the module docstring."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        _serialise_sqlite_writers(engine)
        return engine
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=pool_timeout)
    _ping_idle_connections(engine)
    if app_role:
        _switch_role_on_connect(engine, app_role)
    return engine


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


PING_IDLE_SECONDS = 10.0


def _ping_idle_connections(engine: AsyncEngine) -> None:
    """Ping a pooled connection at checkout only if it has been idle a while (a restart or an idle timeout
    may have closed it); a dead one is replaced before the request sees it (``DisconnectionError``)."""

    @event.listens_for(engine.sync_engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise exc.DisconnectionError() from error


def _switch_role_on_connect(engine: AsyncEngine, role: str) -> None:
    if not role.replace("_", "").isalnum():
        raise ValueError(f"unsafe role name: {role!r}")

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f'SET ROLE "{role}"')
        cursor.close()
