"""What a request carries into a service: the database, the tenant, the actor and the locale."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.actors import Actor
from shoal.core.guard import SessionGuard
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class RequestContext:
    db: Database
    tenant: Tenant
    actor: Actor
    locale: str
    guard: SessionGuard | None = None  # a bearer token's session, still to be checked (``core.guard``)

    def uow(self) -> UnitOfWork:
        return self.db.uow(tenant_id=self.tenant.id, actor=self.actor, guard=self.guard)

    async def settle(self) -> None:
        """Check the token's session now if no unit of work of the request has (before anything is answered)."""
        if self.guard is not None and not self.guard.passed:
            async with self.db.uow(tenant_id=self.tenant.id, guard=self.guard):
                pass
