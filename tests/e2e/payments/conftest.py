"""E2E fixtures: the app with the payments router and a registry of test providers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shoal.config import Settings
from shoal.core.uow import Database
from shoal.payments.config import build_registry
from shoal.payments.router import router
from tests.stand_ins import stand_in_for_catalog


@pytest.fixture
async def client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Until ``shoal.main`` registers the payments router, this test app adds it itself."""
    from shoal.main import create_app

    app = create_app(settings, db=db)
    if not any(getattr(r, "path", "") == "/api/v1/admin/payments" for r in app.routes):
        app.include_router(router)
    app.state.payment_providers = build_registry(clock=db.clock, mock_enabled=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        yield http


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
