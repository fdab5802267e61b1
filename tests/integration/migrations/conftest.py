"""An empty database of each kind for the upgrade tests: each test migrates it to an old revision itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_ADMIN_URL, PG_REACHABLE, _skip_or_fail_without_pg
from tests.schema import drop_pg_database, make_pg_database


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        if request.node.get_closest_marker("pg_only"):
            pytest.skip("PostgreSQL only")
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_upgrade_{uuid.uuid4().hex[:8]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    try:
        yield url
    finally:
        drop_pg_database(PG_ADMIN_URL, name)
