"""Ids of another domain's objects are checked before they are written.

Domains keep no foreign keys to each other's tables, and the base domains may not import each other: a
stock row names a catalog variant, a staff member an inventory location. So the domain that owns a kind
of object registers how to find its ids in the current tenant (``@finds("variant")``), and a domain about
to store such an id asks ``require`` first, inside its own transaction. An id that does not exist, or that
belongs to another tenant (the tenant filter and row-level security hide both alike), answers 404
``not_found`` naming the kind and the id, before anything is written.

Every domain registers its finders when its service module is imported; ``shoal.main`` and the CLI import
them all. Asking for a kind nobody registered is a programming error, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from shoal.core.errors import NotFound

if TYPE_CHECKING:
    from shoal.core.uow import UnitOfWork

Finder = Callable[["UnitOfWork", frozenset[str]], Awaitable[set[str]]]
_finders: dict[str, Finder] = {}


def finds(kind: str) -> Callable[[Finder], Finder]:
    """Register ``finder(uow, ids) -> the ids that name this tenant's objects of this kind``."""

    def register(finder: Finder) -> Finder:
        _finders[kind] = finder
        return finder

    return register


async def require(uow: UnitOfWork, kind: str, ids: str | Iterable[str | None] | None) -> None:
    """Every id names an object of ``kind`` in this tenant, else 404 naming the first unknown one.

    ``None`` and empty ids are skipped, so an optional reference left empty passes.
    """
    wanted = frozenset(i for i in ([ids] if isinstance(ids, str) else ids or ()) if i)
    if not wanted:
        return
    finder = _finders.get(kind)
    if finder is None:
        raise LookupError(f"no domain finds {kind!r} ids: import the service of the domain that owns them")
    missing = sorted(wanted - await finder(uow, wanted))
    if missing:
        raise NotFound(kind, **{f"{kind}_id": missing[0]})
