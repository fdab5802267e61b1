"""Dates and instants at the edges of the calendar are a 422 with a stable code, never a 500.

Found by the OpenAPI fuzz test: ``day=0001-01-01`` on the reconciliation overflowed when the day was turned
into the shop's time zone, and an instant without its UTC offset reached the database, which refused it.
Every date or instant the API accepts is a ``core.dates`` type: one range, and instants carry an offset.
"""

from __future__ import annotations

import pytest

from tests.conftest import staff_headers

EDGES = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "1899-12-31T00:00:00Z", "3000-01-01T00:00:00Z"]


async def _refused(response, field: str, code: str = "date_out_of_range") -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [(field, code)]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_a_reconciliation_day_at_the_edge_of_the_calendar_is_refused(client, tenant, day: str) -> None:
    staff = await staff_headers(client, tenant)
    response = await client.get("/api/v1/admin/payments/reconciliation", params={"day": day}, headers=staff)
    await _refused(response, "query.day")


@pytest.mark.parametrize("instant", EDGES)
async def test_an_order_search_from_the_edge_of_the_calendar_is_refused(client, tenant, instant: str) -> None:
    staff = await staff_headers(client, tenant)
    for path in ("/api/v1/admin/orders", "/api/v1/admin/orders/export.csv"):
        response = await client.get(path, params={"created_from": instant}, headers=staff)
        await _refused(response, "query.created_from")


@pytest.mark.parametrize("instant", EDGES)
async def test_a_coupon_valid_or_running_until_the_end_of_time_is_refused(client, tenant, instant: str) -> None:
    staff = await staff_headers(client, tenant)
    body = {
        "name": {"en": "¥1 off"},
        "benefit": {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 100}]},
        "valid_until": instant,
    }
    response = await client.post("/api/v1/admin/coupons", json=body, headers=staff)
    await _refused(response, "valid_until")
    ending = {**body, "valid_until": None, "condition": {"ends_at": instant}}
    response = await client.post("/api/v1/admin/coupons", json=ending, headers=staff)
    await _refused(response, "condition.ends_at")


async def test_an_instant_without_its_utc_offset_is_refused(client, tenant) -> None:
    staff = await staff_headers(client, tenant)
    naive = "2026-01-01T00:00:00"
    response = await client.get("/api/v1/admin/orders", params={"created_to": naive}, headers=staff)
    await _refused(response, "query.created_to", "timezone_aware")
    body = {"name": {"en": "x"}, "benefit": {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 1}]}}
    response = await client.post("/api/v1/admin/coupons", json={**body, "valid_from": naive}, headers=staff)
    await _refused(response, "valid_from", "timezone_aware")


async def test_dates_inside_the_range_still_work(client, tenant) -> None:
    staff = await staff_headers(client, tenant)
    day = await client.get("/api/v1/admin/payments/reconciliation", params={"day": "2026-11-30"}, headers=staff)
    assert day.status_code == 200, day.text
    orders = await client.get("/api/v1/admin/orders", params={"created_from": "1900-01-01T00:00:00Z"}, headers=staff)
    assert orders.status_code == 200, orders.text
