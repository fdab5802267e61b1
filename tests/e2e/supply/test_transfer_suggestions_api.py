"""Store-transfer suggestions over HTTP: empty without a forecast, bad parameters and unknown fields refused with
a 422, accepting with nothing to move makes nothing, and no token is a 401."""

from __future__ import annotations

from tests.conftest import staff_headers

TRANSFERS = "/api/v1/admin/replenishment/transfers"


async def test_transfer_suggestions_answer_and_refuse(client, tenant) -> None:
    staff = await staff_headers(client, tenant)
    listed = await client.get(TRANSFERS, headers=staff)
    assert listed.status_code == 200 and listed.json() == []
    assert (await client.get(f"{TRANSFERS}?service_level=1.5", headers=staff)).status_code == 422
    assert (await client.get(f"{TRANSFERS}?lead_time_days=-1", headers=staff)).status_code == 422
    accepted = await client.post(f"{TRANSFERS}/accept", json={"lead_time_days": 3}, headers=staff)
    assert accepted.status_code == 201 and accepted.json() == []
    unknown = await client.post(f"{TRANSFERS}/accept", json={"lead_time": 3}, headers=staff)
    assert unknown.status_code == 422
    assert (await client.get(TRANSFERS)).status_code == 401
