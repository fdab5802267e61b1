"""The shop's details and payment accounts over the admin API on both databases: PATCH changes only what is
sent (null clears), bad input is a 422 problem with nothing written, secrets never come back, operators get
403, another shop sees its own; a shop's notify address verifies with its keys and refuses forgeries."""

from __future__ import annotations

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import new_tenant
from tests.e2e.test_staff_api import _signed_in
from tests.unit.payments.conftest import private_pem, public_pem

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def test_shop_details_and_payment_accounts(client: httpx.AsyncClient, tenant, db) -> None:  # type: ignore[no-untyped-def]
    owner = await _signed_in(client, tenant, tenant.owner_email, tenant.owner_password)
    patched = await client.patch("/api/v1/admin/shop", json={"service_phone": "400-820-8820"}, headers=owner)
    assert patched.status_code == 200 and patched.json()["service_phone"] == "400-820-8820"
    assert patched.json()["name"] == f"Tenant {tenant.slug}"
    bad = await client.patch("/api/v1/admin/shop", json={"logo_url": "javascript:alert(1)", "name": "X"}, headers=owner)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    cleared = await client.patch("/api/v1/admin/shop", json={"service_phone": None}, headers=owner)
    assert cleared.json()["service_phone"] is None and cleared.json()["name"] == f"Tenant {tenant.slug}"

    body = {"app_id": "2021000000000001", "notify_url": f"https://shop.example/api/v1/payments/alipay/notify/{tenant.id}",
            "app_private_key": private_pem(KEY), "alipay_public_key": public_pem(KEY)}  # fmt: skip
    saved = await client.put("/api/v1/admin/payment-settings/alipay", json=body, headers=owner)
    assert saved.status_code == 200, saved.text
    listed = await client.get("/api/v1/admin/payment-settings", headers=owner)
    secret_line = private_pem(KEY).splitlines()[5]
    assert secret_line not in saved.text and secret_line not in listed.text
    assert [c["provider"] for c in listed.json()] == ["alipay"]
    unknown = await client.put("/api/v1/admin/payment-settings/alipay", json=body | {"extra": 1}, headers=owner)
    assert unknown.status_code == 422

    other = await new_tenant(db)
    theirs = await _signed_in(client, other, other.owner_email, other.owner_password)
    assert (await client.get("/api/v1/admin/payment-settings", headers=theirs)).json() == []
    assert (await client.delete("/api/v1/admin/payment-settings/alipay", headers=theirs)).status_code == 404

    forged = {"out_trade_no": "x", "trade_status": "TRADE_SUCCESS", "total_amount": "0.01", "sign": "Zm9yZ2Vk",
              "sign_type": "RSA2"}  # fmt: skip
    answer = await client.post(f"/api/v1/payments/alipay/notify/{tenant.id}", data=forged)
    assert answer.text.strip() != "success"
    theirs_notify = await client.post(f"/api/v1/payments/alipay/notify/{other.id}", data=forged)
    assert theirs_notify.json()["code"] == "payment_provider_not_enabled"  # that shop has no Alipay of its own
