"""A paid order that staff cancel while the payment provider is down is refunded once it is back, however
long the outage; meanwhile staff see the stuck refund in the admin API, the console (dashboard alert and
the failing-events page) and payments reconciliation, and can retry it from the API or the console.

The refund follows the cancellation through the outbox; it used to be abandoned silently after ten
failed attempts (about 50 seconds), leaving the customer's money with the shop and nobody told.
"""

from __future__ import annotations

import httpx
import pytest

from shoal.core.dispatcher import dispatch_pending
from shoal.core.outbox import LONGEST_RETRY
from shoal.payments.providers.errors import ProviderFailed
from shoal.payments.providers.mock import MockProvider
from tests.conftest import staff_headers
from tests.e2e.web.conftest import sign_in
from tests.integration.aftersales.conftest import make_paid
from tests.stand_ins import stand_in_for_catalog

HX = {"HX-Request": "true", "Accept-Language": "en"}
CUSTOMER = "0192f0c0-0000-7000-8000-00000000fade"


@pytest.fixture
def provider_down(monkeypatch):  # type: ignore[no-untyped-def]
    outage = {"on": True}
    real_refund = MockProvider.refund

    async def refund(self, request):  # type: ignore[no-untyped-def]
        if outage["on"]:
            raise ProviderFailed("mock", "connection timed out")
        return await real_refund(self, request)

    monkeypatch.setattr(MockProvider, "refund", refund)
    return outage


async def _refunded(client, staff, order_id: str) -> int:  # type: ignore[no-untyped-def]
    order = await client.get(f"/api/v1/admin/orders/{order_id}", headers=staff)
    assert order.status_code == 200, order.text
    return order.json()["refunded_amount"]


async def _issues(client, staff) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    report = await client.get("/api/v1/admin/payments/reconciliation?day=2026-11-25", headers=staff)
    assert report.status_code == 200, report.text
    return [(i["order_id"], i["issue"]) for i in report.json()["issues"]]


async def test_a_refund_held_up_by_an_outage_is_shown_and_retried(
    client: httpx.AsyncClient, web: httpx.AsyncClient, db, uow_factory, tenant, clock, provider_down, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    stand_in_for_catalog(monkeypatch)  # the paid order names made-up variants; after the app has started
    paid = await make_paid(uow_factory, tenant, clock, CUSTOMER)
    staff = await staff_headers(client, tenant)
    cancelled = await client.post(f"/api/v1/admin/orders/{paid.order.id}/cancel", json={}, headers=staff)
    assert cancelled.status_code == 200, cancelled.text
    for _ in range(12):  # two hours of outage: more than the ten attempts after which it used to be dropped
        await dispatch_pending(db)
        clock.advance(seconds=LONGEST_RETRY.total_seconds() / 3)
    staff = await staff_headers(client, tenant)  # hours went by: a fresh sign-in
    assert await _refunded(client, staff, paid.order.id) == 0
    assert (paid.order.id, "cancelled_not_refunded") in await _issues(client, staff)

    failing = (await client.get("/api/v1/admin/events/failing", headers=staff)).json()["items"]
    assert [(e["name"], e["payload"]["order_id"]) for e in failing] == [("OrderStatusChanged", paid.order.id)]
    assert "payment_provider_failed" in failing[0]["last_error"] or "ProviderFailed" in failing[0]["last_error"]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    dashboard = await web.get("/console")  # the owner's console speaks Chinese
    assert 'data-alert="failing-events"' in dashboard.text and "已取消订单的退款" in dashboard.text
    listed = await web.get("/console/events")
    assert f'data-event="{failing[0]["id"]}"' in listed.text and "立即重试" in listed.text

    again = await client.post(f"/api/v1/admin/events/{failing[0]['id']}/retry", headers=staff)
    assert again.status_code == 200 and again.json()["dispatched_at"] is None  # still down: still failing
    provider_down["on"] = False
    retried = await web.post(f"/console/events/{failing[0]['id']}/retry", headers=HX)
    assert retried.status_code == 204 and retried.headers["hx-redirect"] == "/console/events"
    assert await _refunded(client, staff, paid.order.id) == 2300
    assert (paid.order.id, "cancelled_not_refunded") not in await _issues(client, staff)
    assert (await client.get("/api/v1/admin/events/failing", headers=staff)).json()["items"] == []
    assert 'data-alert="failing-events"' not in (await web.get("/console")).text
    done = await client.post(f"/api/v1/admin/events/{failing[0]['id']}/retry", headers=staff)
    assert done.status_code == 409 and done.json()["code"] == "event_not_retryable"


async def test_the_refund_is_made_by_the_next_attempt_once_the_provider_is_back(
    client: httpx.AsyncClient, db, uow_factory, tenant, clock, provider_down, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    stand_in_for_catalog(monkeypatch)
    paid = await make_paid(uow_factory, tenant, clock, CUSTOMER)
    staff = await staff_headers(client, tenant)
    await client.post(f"/api/v1/admin/orders/{paid.order.id}/cancel", json={}, headers=staff)
    for _ in range(15):
        await dispatch_pending(db)
        clock.advance(seconds=LONGEST_RETRY.total_seconds())
    provider_down["on"] = False
    await dispatch_pending(db)
    staff = await staff_headers(client, tenant)
    assert await _refunded(client, staff, paid.order.id) == 2300
