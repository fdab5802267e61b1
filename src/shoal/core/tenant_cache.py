"""Tenants as requests see them, kept in memory for a few seconds.

Every request needs its tenant (currency, locale, time zone, name) before it can do anything, and tenants
change rarely; reading the row each time was a statement and a transaction per request. A change made through
Shoal (``identity.service_shop``) forgets the entry at once in this process; other processes see it within
``SECONDS``. What must never be stale is not kept here: a session's revocation is checked on every request
(``core.guard``).
"""

from __future__ import annotations

import time

from shoal.core.tenancy import Tenant, TenantRow, tenant_by_slug
from shoal.core.uow import Database, UnitOfWork

SECONDS = 10.0
# Keyed by the database's URL as well: one process may hold several databases (tests, imports), each with its
# own tenants under the same slugs.
_by_id: dict[tuple[str, str], tuple[float, Tenant]] = {}
_id_by_slug: dict[tuple[str, str], str] = {}


async def tenant_by_id(db: Database, tenant_id: str) -> Tenant | None:
    """The tenant with this id (active or not: the session check decides), or ``None``."""
    kept = _by_id.get((db.url, tenant_id))
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    async with db.session() as session:
        row = await session.get(TenantRow, tenant_id)
    if row is None:
        return None
    return _keep(db, Tenant.of(row))


async def tenant_of(uow: UnitOfWork) -> Tenant:
    """The unit of work's tenant, read (on a miss) in its own transaction."""
    kept = _by_id.get((uow.db.url, uow.tenant_id or ""))
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    row = await uow.s.get(TenantRow, uow.tenant_id)
    if row is None:
        raise RuntimeError(f"the unit of work's tenant {uow.tenant_id} does not exist")
    return _keep(uow.db, Tenant.of(row))


async def active_tenant_by_slug(db: Database, slug: str) -> Tenant:
    """The active tenant called ``slug``; ``TenantNotFound`` otherwise."""
    tenant_id = _id_by_slug.get((db.url, slug))
    kept = _by_id.get((db.url, tenant_id)) if tenant_id else None
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    async with db.session() as session:
        return _keep(db, await tenant_by_slug(session, slug))


def forget(db: Database, tenant_id: str) -> None:
    """Drop a tenant changed in this process, so its next request reads it again."""
    _by_id.pop((db.url, tenant_id), None)


def _keep(db: Database, tenant: Tenant) -> Tenant:
    _by_id[(db.url, tenant.id)] = (time.monotonic() + SECONDS, tenant)
    _id_by_slug[(db.url, tenant.slug)] = tenant.id
    return tenant
