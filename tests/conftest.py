"""Shared fixtures: every integration and e2e test runs on SQLite and, when reachable, PostgreSQL.

* The schema is built once per run and per database, by the same Alembic migrations that
  ``shoal db upgrade`` runs, on a fresh database (PostgreSQL: ``shoal_test_<pid>``).
* Tests isolate themselves by tenant: each gets a brand-new tenant, so nothing needs truncating and
  tenancy is exercised by every test.
* Tests marked ``pg_only`` (concurrency promises) run on PostgreSQL only. If PostgreSQL cannot be
  reached they are skipped with a reason locally, and fail on CI (``CI=true``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

# Before shoal is imported: hash passwords with argon2's cheapest parameters (``shoal.core.security``).
os.environ["SHOAL_TEST_CHEAP_PASSWORD_HASHING"] = "true"

import shoal.main  # noqa: F401  (registers every domain's jobs, event handlers and reference finders, as serving does)
from shoal.config import Settings
from shoal.core.actors import SYSTEM, Actor
from shoal.core.clock import FrozenClock
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork
from shoal.identity.rules import permissions_of
from shoal.identity.service import create_tenant
from tests.schema import build_schema, drop_pg_database, make_pg_database

# Tests pay with the mock provider, a development switch that is off unless switched on (outbox handlers
# that refund build their providers from the environment, so it is switched on there too).
os.environ.setdefault("SHOAL_MOCK_PAYMENTS_ENABLED", "true")
pytest_plugins = ["tests.shards"]
PG_ADMIN_URL = os.environ.get("SHOAL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ON_CI = os.environ.get("CI", "").lower() == "true"
OWNER_PASSWORD = "owner-pass-123"


def _pg_reachable() -> bool:
    host_port = PG_ADMIN_URL.split("@", 1)[-1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 5432)), timeout=1):
            return True
    except OSError:
        return False


PG_REACHABLE = _pg_reachable()


def _skip_or_fail_without_pg() -> None:
    message = f"PostgreSQL is not reachable at {PG_ADMIN_URL.split('@')[-1]}"
    if ON_CI:
        pytest.fail(message + " and CI=true: PostgreSQL tests must run on CI")
    pytest.skip(message + "; start it (or set SHOAL_TEST_PG_URL) to run the PostgreSQL tests")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = Path(tmp_path_factory.mktemp("db")) / "shoal-test.db"
    url = f"sqlite+aiosqlite:///{path}"
    build_schema(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not PG_REACHABLE:
        _skip_or_fail_without_pg()
    name = f"shoal_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url = make_pg_database(PG_ADMIN_URL, name)
    build_schema(url)
    yield url
    drop_pg_database(PG_ADMIN_URL, name)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        if request.node.get_closest_marker("pg_only"):
            pytest.skip("concurrency promise: runs on PostgreSQL only")
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
async def db(database_url: str, clock: FrozenClock) -> AsyncIterator[Database]:
    # 15 (+15 overflow) connections: a concurrency test still queues on the pool, and the odd test's own small
    # pool beside it stays well within PostgreSQL's default 100 connections.
    database = Database(
        database_url, app_role=None if database_url.startswith("sqlite") else "shoal_app", pool_size=15, clock=clock
    )
    yield database
    await database.dispose()


@dataclass
class TenantFixture:
    tenant: Tenant
    owner_email: str
    owner_password: str

    @property
    def id(self) -> str:
        return self.tenant.id

    @property
    def slug(self) -> str:
        return self.tenant.slug


async def new_tenant(db: Database, prefix: str = "t") -> TenantFixture:
    slug = f"{prefix}{uuid.uuid4().hex[:10]}"
    email = f"owner@{slug}.test"
    tenant = await create_tenant(
        db.uow(), slug=slug, name=f"Tenant {slug}", owner_email=email, owner_password=OWNER_PASSWORD
    )
    return TenantFixture(tenant, email, OWNER_PASSWORD)


@pytest.fixture
async def tenant(db: Database) -> TenantFixture:
    return await new_tenant(db)


def staff_actor(role: str = "owner", location_id: str | None = None) -> Actor:
    return Actor(kind="staff", id=f"test-{role}", role=role, permissions=permissions_of(role), location_id=location_id)


@pytest.fixture
def uow_factory(db: Database, tenant: TenantFixture):  # type: ignore[no-untyped-def]
    """``uow_factory()`` gives a fresh unit of work for the test tenant, acting as its owner."""

    def make(actor: Actor | None = None) -> UnitOfWork:
        return db.uow(tenant_id=tenant.id, actor=actor or staff_actor())

    return make


@pytest.fixture
def system_uow(db: Database, tenant: TenantFixture):  # type: ignore[no-untyped-def]
    return lambda: db.uow(tenant_id=tenant.id, actor=SYSTEM)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, run_scheduler=False, login_max_failures=5, mock_payments_enabled=True)


@pytest.fixture
async def client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    from shoal.main import create_app

    app = create_app(settings, db=db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shoal.test") as http:
        yield http


async def staff_headers(client: httpx.AsyncClient, t: TenantFixture) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/token", json={"tenant": t.slug, "email": t.owner_email, "password": t.owner_password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def run(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine from synchronous fixture code."""
    return asyncio.run(coro)
