"""E2E fixtures: the app with an in-memory SMS provider and a fake WeChat exchange, and shoppers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shoal.config import Settings
from shoal.core.uow import Database
from shoal.customers.sms import LoggingSmsProvider
from shoal.customers.wechat import FakeWeChatAuth
from tests.conftest import TenantFixture


@pytest.fixture
def sms() -> LoggingSmsProvider:
    return LoggingSmsProvider()


@pytest.fixture
async def client(settings: Settings, db: Database, sms: LoggingSmsProvider) -> AsyncIterator[httpx.AsyncClient]:
    """The shared ``client``, with this test's SMS provider and a fake WeChat exchange on the app."""
    from shoal.main import create_app

    app = create_app(settings, db=db)
    app.state.sms_provider = sms
    app.state.wechat_auth = FakeWeChatAuth("wx-test")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        yield http


async def register(client: httpx.AsyncClient, t: TenantFixture, email: str = "shopper@x.test") -> dict:
    response = await client.post(
        "/api/v1/store/auth/register",
        json={"email": email, "password": "shopper-pass", "name": "Shopper"},
        headers={"X-Shoal-Tenant": t.slug},
    )
    assert response.status_code == 201, response.text
    return response.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
