"""The tenant's catalog revision: database triggers bump it on every write to a catalog table, whoever writes
(migration ``0067_catalog_revisions``), so a read that finds the revision it cached under knows the catalog
part of its answer is still current. The storefront's caches and ETags and pricing's snapshots are keyed by it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select

from shoal.catalog.models import CatalogRevision
from shoal.core.uow import UnitOfWork

_REVISION = select(CatalogRevision.revision).where(CatalogRevision.tenant_id == bindparam("tenant_id"))


async def catalog_revision(uow: UnitOfWork) -> int:
    """The tenant's catalog revision (0 before its first catalog write): one primary-key read, run on the
    session's connection as a prepared Core statement (every storefront read starts with it, so the ORM's
    per-statement work is skipped)."""
    async with uow:
        connection = await uow.s.connection()
        transaction = uow.s.sync_session.get_transaction()
        kept = uow.s.info.get("catalog_revision")
        if kept is not None and kept[0] is transaction:
            return int(kept[1])  # a page reading the catalog twice in one transaction reads the revision once
        found = await connection.execute(_REVISION, {"tenant_id": uow.tenant_id})
        revision = int(found.scalar_one_or_none() or 0)
        uow.s.info["catalog_revision"] = (transaction, revision)
        return revision
