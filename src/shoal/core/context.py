"""What a request carries into a service: the database, the tenant, the actor and the locale."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.actors import Actor
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class RequestContext:
    db: Database
    tenant: Tenant
    actor: Actor
    locale: str

    def uow(self) -> UnitOfWork:
        return self.db.uow(tenant_id=self.tenant.id, actor=self.actor)
