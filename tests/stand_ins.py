"""Stand-ins for a domain that a test leaves out.

Inventory, orders, payments and after-sales are tested alone with made-up variant ids; the variants'
owner, catalog, is stood in for by a finder that knows every id (see ``shoal.core.references``), so the
check that a stored variant id exists passes without building a catalog. The tests of that check
(``tests/e2e/core/test_references.py``) use the real catalog.
"""

from __future__ import annotations

import pytest

# Catalog registers its real finder when its service is first imported; imported here, before any stand-in
# is set, so that an app created later in the test (which imports every service) cannot replace the stand-in.
import shoal.catalog.service_variants  # noqa: F401
from shoal.core import references
from shoal.core.uow import UnitOfWork


async def _every_id(_uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    return set(ids)


def stand_in_for_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """For one test: every variant id exists."""
    monkeypatch.setitem(references._finders, "variant", _every_id)
