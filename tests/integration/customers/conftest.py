"""Fixtures for the customers services: units of work acting as an anonymous visitor or a shopper."""

from __future__ import annotations

import pytest

from shoal.core.actors import ANONYMOUS, Actor
from shoal.core.uow import Database
from shoal.customers.sms import LoggingSmsProvider
from tests.conftest import TenantFixture


@pytest.fixture
def anonymous_uow(db: Database, tenant: TenantFixture):  # type: ignore[no-untyped-def]
    return lambda: db.uow(tenant_id=tenant.id, actor=ANONYMOUS)


@pytest.fixture
def shopper_uow(db: Database, tenant: TenantFixture):  # type: ignore[no-untyped-def]
    """``shopper_uow(customer_id)``: a unit of work acting as that signed-in shopper."""
    return lambda customer_id: db.uow(tenant_id=tenant.id, actor=Actor(kind="shopper", id=customer_id))


@pytest.fixture
def sms() -> LoggingSmsProvider:
    return LoggingSmsProvider()
