"""The shop's revision: one number per tenant that changes on every write to what shoppers are shown and priced
by (the catalog, the promotions, the shipping templates), so a read that finds the revision it cached under
knows its cached part is still current. The storefront's caches and ETags, pricing's snapshots, the promotions
in force and the shipping rules are keyed by it.

Database triggers set it, whoever writes (service, import, demo loader, SQL by hand; migrations
``0067_catalog_revisions`` and ``0068_shop_revisions``). Each write sets a number never used before, not the
next one: on PostgreSQL from a sequence, on SQLite a random 63-bit number. So a transaction that writes and then
reads may cache what it sees under its own number: if it rolls back, no later commit can bring that number back
and be mistaken for it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, bindparam, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from shoal.core.db import Base
from shoal.core.uow import TenantSession, UnitOfWork


class ShopRevision(Base):
    """One row per tenant that has written anything the revision watches; none reads as revision 0."""

    __tablename__ = "core_shop_revisions"

    tenant_id: Mapped[str] = mapped_column(String(36), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


_REVISION = select(ShopRevision.revision).where(ShopRevision.tenant_id == bindparam("tenant_id"))
_KEPT = "shoal.shop_revision"


@event.listens_for(TenantSession, "after_flush")
def _forget_after_a_write(session: Session, _context: Any) -> None:
    """A flush may have set a new revision (a trigger fired): the number read before it is not this
    transaction's any more."""
    session.info.pop(_KEPT, None)


def shop_revision_of(tenant_id: Any) -> Any:
    """The shop revision as a column a caller's own read can carry (``tenant_id``: that read's tenant column),
    labelled ``shop_revision``: a cart read that brings it saves the request its own revision read. Hand what
    it read to ``remember_shop_revision``."""
    found = select(ShopRevision.revision).where(ShopRevision.tenant_id == tenant_id).scalar_subquery()
    return func.coalesce(found, 0).label("shop_revision")


def remember_shop_revision(uow: UnitOfWork, revision: int) -> None:
    """What a read carrying ``shop_revision_of`` found: the rest of the transaction's reads use it."""
    uow.s.info[_KEPT] = (uow.s.sync_session.get_transaction(), int(revision))


async def shop_revision(uow: UnitOfWork) -> int:
    """The tenant's shop revision (0 before its first write): one primary-key read per transaction, run as a
    prepared Core statement (every storefront read starts with it); a second call in the same transaction
    answers what the first read, unless the session wrote in between.

    Rows added through the session are flushed first, so that what the caller reads next and caches under this
    number is what the number stands for (a write still pending would set another one at the caller's next
    read, which autoflushes)."""
    async with uow:
        await uow.s.flush()
        connection = await uow.s.connection()
        transaction = uow.s.sync_session.get_transaction()
        kept = uow.s.info.get(_KEPT)
        if kept is not None and kept[0] is transaction:
            return int(kept[1])
        found = await connection.execute(_REVISION, {"tenant_id": uow.tenant_id})
        revision = int(found.scalar_one_or_none() or 0)
        uow.s.info[_KEPT] = (transaction, revision)
        return revision
