"""Every tenant table can be sharded by tenant (docs/scaling.md): it has ``tenant_id``, and each of its unique
keys and indexes starts with it, so a distributed PostgreSQL (Citus, ``tenant_id`` the distribution column)
can enforce every unique key within one shard. The global tables are named here on purpose."""

from __future__ import annotations

import shoal.main  # noqa: F401  (imports every domain's models)
from shoal.core.db import Base

# Global (reference) tables: not per tenant, replicated whole on a sharded cluster.
GLOBAL_TABLES = {"tenants"}


def _tenant_tables():  # type: ignore[no-untyped-def]
    return [t for t in Base.metadata.sorted_tables if t.name not in GLOBAL_TABLES]


def test_every_table_but_the_global_ones_has_a_tenant_id() -> None:
    missing = [t.name for t in _tenant_tables() if "tenant_id" not in t.c]
    assert missing == [], f"tables without tenant_id (or add them to GLOBAL_TABLES on purpose): {missing}"


def test_every_unique_key_and_index_of_a_tenant_table_starts_with_tenant_id() -> None:
    wrong = []
    for table in _tenant_tables():
        for constraint in table.constraints:
            columns = [c.name for c in getattr(constraint, "columns", [])]
            if constraint.__class__.__name__ == "UniqueConstraint" and columns[:1] != ["tenant_id"]:
                wrong.append(f"{table.name}: unique {columns}")
        for index in table.indexes:
            names = [getattr(e, "name", str(e)) for e in index.expressions]
            if names[:1] != ["tenant_id"]:
                wrong.append(f"{table.name}: {'unique ' if index.unique else ''}index {index.name} {names}")
    assert wrong == [], "keys a tenant shard could not enforce alone:\n" + "\n".join(wrong)
