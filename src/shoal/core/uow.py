"""The unit of work: one transaction per use case, opened and committed by the service.

    async with uow:
        ...                      # repositories add and query through uow.session
        uow.emit(OrderPaid(...)) # written to the outbox in the same transaction
        await uow.commit()       # nothing is written unless the service says so

Leaving the block without ``commit()`` rolls back, so an exception never leaves a partial write.
Blocks nest: a service called from another service joins its transaction (see ``__aenter__``).
On PostgreSQL every transaction this session begins first sets ``app.tenant_id`` (a bound parameter
to ``set_config(..., true)``), which the row-level security policies compare against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Result, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from shoal.core.actors import SYSTEM, Actor
from shoal.core.audit import AuditEntry
from shoal.core.clock import Clock, SystemClock
from shoal.core.db import make_engine
from shoal.core.guard import SessionGuard
from shoal.core.ids import new_id
from shoal.core.outbox import Event, OutboxRow

TENANT_SETTING = "app.tenant_id"
# session.info keys: the transaction's emitted events, written together at its commit (``UnitOfWork.emit``),
# and where each open savepoint began in that list.
PENDING_EVENTS = "shoal.pending_events"
SAVEPOINT_MARKS = "shoal.savepoint_marks"
_SET_TENANT = text("SELECT set_config(:name, :tenant, true)")  # every transaction on PostgreSQL: built once


class TenantSession(Session):
    """A session that tells PostgreSQL which tenant each of its transactions serves."""


@event.listens_for(TenantSession, "after_begin")
def _set_tenant_for_transaction(session: Session, transaction: Any, connection: Any) -> None:
    # A savepoint lives inside a transaction whose tenant is set already: saying it again is a wasted round trip.
    if connection.dialect.name != "postgresql" or transaction.nested:
        return
    connection.execute(_SET_TENANT, {"name": TENANT_SETTING, "tenant": session.info.get("tenant_id") or ""})


@event.listens_for(TenantSession, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: Any) -> None:
    if transaction.nested:
        marks = session.info.setdefault(SAVEPOINT_MARKS, {})
        marks[transaction] = len(session.info.get(PENDING_EVENTS, ()))


@event.listens_for(TenantSession, "after_soft_rollback")
def _forget_rolled_back_events(session: Session, previous_transaction: Any) -> None:
    """A savepoint rolled back takes back the events emitted inside it; the transaction rolled back, all."""
    pending = session.info.get(PENDING_EVENTS)
    if previous_transaction.nested:
        mark = session.info.get(SAVEPOINT_MARKS, {}).pop(previous_transaction, None)
        if pending and mark is not None:
            del pending[mark:]
    elif previous_transaction.parent is None:
        session.info.pop(PENDING_EVENTS, None)
        session.info.pop(SAVEPOINT_MARKS, None)


_WRITE_EVENTS = OutboxRow.__table__.insert()  # every transaction that emits writes its events: built once


@event.listens_for(TenantSession, "before_commit")
def _write_pending_events(session: Session) -> None:
    """At the transaction's commit (not a savepoint's), its events are written: one ``INSERT`` for them all,
    however many services emitted them in between, past the ORM (nothing reads them back as objects)."""
    if session.in_nested_transaction():
        return
    session.info.pop(SAVEPOINT_MARKS, None)
    pending = session.info.pop(PENDING_EVENTS, None)
    if pending:
        session.connection().execute(_WRITE_EVENTS, pending)


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(
        self,
        url: str,
        *,
        app_role: str | None = None,
        pool_size: int = 20,
        pool_timeout: float = 30.0,
        clock: Clock | None = None,
    ) -> None:
        self.url = url
        self.engine: AsyncEngine = make_engine(url, app_role=app_role, pool_size=pool_size, pool_timeout=pool_timeout)
        self.clock: Clock = clock or SystemClock()
        self._sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, autoflush=True, sync_session_class=TenantSession
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(
        self, *, tenant_id: str | None = None, actor: Actor = SYSTEM, guard: SessionGuard | None = None
    ) -> UnitOfWork:
        return UnitOfWork(self, tenant_id=tenant_id, actor=actor, guard=guard)

    def session(self, tenant_id: str | None = None) -> AsyncSession:
        session = self._sessions()
        session.sync_session.info["tenant_id"] = tenant_id
        return session

    async def dispose(self) -> None:
        await self.engine.dispose()


@dataclass
class UnitOfWork:
    db: Database
    tenant_id: str | None
    actor: Actor
    session: AsyncSession | None = None
    guard: SessionGuard | None = None  # a request's token session, checked in its first transaction (core.guard)
    _depth: int = 0

    @property
    def clock(self) -> Clock:
        return self.db.clock

    @property
    def s(self) -> AsyncSession:
        """The open session (short name: services use it on nearly every line)."""
        if self.session is None:
            raise RuntimeError("use the unit of work inside 'async with uow:'")
        return self.session

    async def __aenter__(self) -> UnitOfWork:
        # Re-entrant: a use case composed of other services' functions shares one transaction.
        # Only the outermost block opens the session, and only its commit() commits.
        self._depth += 1
        if self._depth == 1:
            self.session = self.db.session(self.tenant_id)
            if self.guard is not None and not self.guard.passed:
                try:
                    await self.guard.pass_once(self.session)
                except BaseException:
                    await self.__aexit__(None, None, None)
                    raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        # Closing without commit rolls the transaction back; unlike rollback(), it leaves loaded
        # objects readable (detached), so a read-only service may build its answer afterwards.
        self._depth -= 1
        if self._depth > 0:
            return
        assert self.session is not None
        try:
            await self.session.close()
        finally:
            self.session = None

    async def run(self, statement: Executable, params: dict[str, Any]) -> Result[Any]:
        """Execute a prebuilt Core statement on this transaction's connection, past the ORM session.

        For hot statements: one built once at import (its values as ``bindparam``) skips building the
        expression and its cache key on every call, and the connection skips the ORM's per-statement work;
        together they were about a third of a storefront product read's CPU (``bench/README.md``). Past the
        session means no autoflush: a caller whose statement depends on rows added through the session
        flushes first (as ``inventory.repository.apply_all_or_out_of_stock`` does).
        """
        connection = await self.s.connection()
        return await connection.execute(statement, params)

    async def for_tenant(self, tenant_id: str) -> None:
        """Bind the tenant once it is known (login finds it by slug), before any tenant data is read."""
        self.tenant_id = tenant_id
        self.s.sync_session.info["tenant_id"] = tenant_id
        if self.s.in_transaction() and self.db.dialect == "postgresql":
            await self.s.execute(_SET_TENANT, {"name": TENANT_SETTING, "tenant": tenant_id})

    async def commit(self) -> None:
        """Commit the use case; inside a nested block this defers to the outermost one."""
        if self._depth > 1:
            await self.s.flush()
            return
        await self.s.commit()

    async def rollback(self) -> None:
        await self.s.rollback()
        self.s.sync_session.info.pop(PENDING_EVENTS, None)  # also when nothing had begun a transaction yet

    def emit(self, event_: Event) -> None:
        """Record a domain event for the outbox; it is dispatched after this transaction commits.

        The row is kept aside and written at the commit with the transaction's other events (a paid
        notification emits four: one statement, not four), so that an autoflush between them does not write
        each apart. A savepoint rolled back drops the events emitted inside it (``_forget_rolled_back_events``).
        """
        now = self.clock.now()
        self.s.sync_session.info.setdefault(PENDING_EVENTS, []).append(
            dict(
                id=new_id(),
                tenant_id=self._tenant(),
                name=event_.event_name(),
                payload=event_.payload(),
                created_at=now,
                dispatched_at=None,
                next_attempt_at=now,
                claimed_until=None,
                attempts=0,
                last_error=None,
            )  # the outbox row's columns
        )

    def audit(self, action: str, entity: str, entity_id: str | None, changes: dict[str, Any]) -> None:
        """Record an admin write in the audit log, in the same transaction as the write."""
        self.s.add(
            AuditEntry(
                tenant_id=self._tenant(),
                actor=self.actor.label,
                action=action,
                entity=entity,
                entity_id=entity_id,
                changes=changes,
                at=self.clock.now(),
            )
        )

    def _tenant(self) -> str:
        if not self.tenant_id:
            raise RuntimeError("this unit of work has no tenant")
        return self.tenant_id
