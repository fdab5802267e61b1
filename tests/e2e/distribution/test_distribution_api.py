"""Distribution over HTTP, every pinned path once: staff set a rule and terms and appoint 王小明; 李娜 applies
with his invite code and is approved (twice is 409); 张伟 binds to his code; his centre, customers, team,
commissions and withdrawals read; a withdrawal without balance is 409; a forged payout notification is 400;
the report reads; another shop's promoter is 404 and a shopper who is no promoter is 403."""

from __future__ import annotations

import uuid

from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers

ADMIN, STORE = "/api/v1/admin", "/api/v1/store/promoter"


async def _shopper(client, slug: str, name: str) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    headers = await shopper_headers(client, slug, f"{uuid.uuid4().hex[:8]}@example.cn")
    me = await client.patch("/api/v1/store/me", json={"name": name}, headers=headers)
    assert me.status_code == 200, me.text
    return headers, me.json()["id"]


async def test_the_programme_over_http(client, db, tenant) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    rule = {"scope": "default", "mode": "percent", "tier1": 1000, "tier2": 300}
    assert (await client.post(f"{ADMIN}/commission-rules", json=rule, headers=staff)).status_code == 201
    assert len((await client.get(f"{ADMIN}/commission-rules", headers=staff)).json()) == 1
    terms = await client.put(f"{ADMIN}/distribution/settings", json={"binding_mode": "last"}, headers=staff)
    assert terms.json()["binding_mode"] == "last" and terms.json()["settle_days"] == 7
    wang, wang_id = await _shopper(client, tenant.slug, "王小明")
    li, _ = await _shopper(client, tenant.slug, "李娜")
    zhang, zhang_id = await _shopper(client, tenant.slug, "张伟")
    appointed = await client.post(f"{ADMIN}/promoters", json={"customer_id": wang_id, "name": "王小明"}, headers=staff)
    assert appointed.status_code == 201, appointed.text
    promoter = appointed.json()
    suspended = await client.patch(f"{ADMIN}/promoters/{promoter['id']}", json={"status": "suspended"}, headers=staff)
    assert suspended.json()["status"] == "suspended"
    await client.patch(f"{ADMIN}/promoters/{promoter['id']}", json={"status": "active"}, headers=staff)
    assert (await client.get(f"{ADMIN}/promoters/{promoter['id']}", headers=staff)).json()["balance"] == 0

    applied = await client.post(f"{STORE}/applications", json={"name": "李娜", "invite_code": promoter["code"]},
                                headers=li)  # fmt: skip
    assert applied.status_code == 201, applied.text
    pending = (await client.get(f"{ADMIN}/promoter-applications", headers=staff)).json()
    assert [a["name"] for a in pending] == ["李娜"]
    approve = f"{ADMIN}/promoter-applications/{applied.json()['id']}/approve"
    assert (await client.post(approve, headers=staff)).json()["status"] == "approved"
    assert (await client.post(approve, headers=staff)).json()["code"] == "invalid_state"
    assert len((await client.get(f"{ADMIN}/promoters", headers=staff)).json()) == 2

    bound = await client.post(f"{STORE}/bind", json={"code": promoter["code"]}, headers=zhang)
    assert bound.status_code == 200 and bound.json()["promoter_id"] == promoter["id"], bound.text
    assert (await client.post(f"{STORE}/bind", json={"code": promoter["code"]}, headers=wang)).status_code == 409
    history = (await client.get(f"{ADMIN}/distribution/bindings/{zhang_id}", headers=staff)).json()
    assert [c["to_promoter"] for c in history["changes"]] == ["王小明"] and history["changes"][0]["source"] == "code"
    rebind = f"{ADMIN}/distribution/bindings/{zhang_id}/rebind"
    assert (await client.post(rebind, json={"promoter_id": promoter["id"], "x": 1}, headers=staff)).status_code == 422
    centre = (await client.get(STORE, headers=wang)).json()
    assert (centre["customers"], centre["invited"], centre["balance"]) == (1, 1, 0)
    assert [c["customer_id"] for c in (await client.get(f"{STORE}/customers", headers=wang)).json()] == [zhang_id]
    assert [t["name"] for t in (await client.get(f"{STORE}/team", headers=wang)).json()] == ["李娜"]
    assert (await client.get(f"{STORE}/commissions", headers=wang)).json() == []
    refused = await client.post(f"{STORE}/withdrawals", json={"amount": 1000},
                                headers={**wang, "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
    assert refused.status_code == 409 and refused.json()["code"] == "insufficient_balance"
    assert (await client.get(f"{STORE}/withdrawals", headers=wang)).json() == []
    assert (await client.get(f"{ADMIN}/withdrawals", headers=staff)).json() == []
    assert (await client.get(STORE, headers=zhang)).json()["code"] == "not_a_promoter"

    forged = await client.post(f"/api/v1/distribution/payouts/mock/notify/{tenant.id}",
                               content=b'{"out_bill_no":"SW1","state":"paid"}',
                               headers={"X-Mock-Payout-Signature": "0" * 64})  # fmt: skip
    assert forged.status_code == 400 and forged.json()["code"] == "payout_notification_refused"
    report = (await client.get(f"{ADMIN}/reports/distribution", headers=staff)).json()
    assert (report["gmv"], report["commission"], report["roi"]) == (0, 0, None)

    other = await new_tenant(db)
    stranger = await staff_headers(client, other)
    assert (await client.get(f"{ADMIN}/promoters/{promoter['id']}", headers=stranger)).status_code == 404
