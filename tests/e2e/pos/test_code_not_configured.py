"""Over HTTP: a shop whose own WeChat Pay account has no API v2 key is told so when a clerk scans a WeChat payment
code (422 naming the setting, the sale refused and nothing sold, no call to WeChat); saving the key and certificate
is accepted."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import staff_headers
from tests.unit.payments.conftest import APIV3_KEY, MERCHANT_SERIAL, private_pem
from tests.unit.payments.fake_gateways import APIV2_KEY
from tests.unit.payments.test_httpx_transport import self_signed

POS = "/api/v1/pos"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def test_a_wechat_code_without_the_v2_key_is_refused_naming_the_setting(client, front, tenant, clerk) -> None:  # type: ignore[no-untyped-def]
    owner = await staff_headers(client, tenant)
    account = {"mchid": "1230000109", "appid": "wxd678efh567hg6787", "merchant_serial": MERCHANT_SERIAL,
               "notify_url": f"https://shop.example/api/v1/payments/wechatpay/notify/{tenant.id}",
               "merchant_private_key": private_pem(KEY), "apiv3_key": APIV3_KEY}  # fmt: skip
    settings = "/api/v1/admin/payment-settings/wechatpay"
    assert (await client.put(settings, json=account, headers=owner)).status_code == 200
    await client.post(POS + "/shifts", json={"opening_float": 0}, headers=clerk)
    total = (await client.post(POS + "/quotes", json={"lines": [{"code": "SKU000"}]}, headers=clerk)).json()["total"]
    sale = {"sale_id": uuid.uuid4().hex, "lines": [{"code": "SKU000"}],
            "tenders": [{"method": "code", "amount": total, "auth_code": "134567890123456789"}]}  # fmt: skip
    refused = await client.post(POS + "/sales", json=sale, headers=clerk)
    assert (refused.status_code, refused.json()["code"]) == (422, "payment_code_not_configured")
    assert "APIV2_KEY" in refused.json()["detail"]
    sales = (await client.get(POS + "/sales", headers=clerk)).json()["items"]
    assert [(s["status"], s["flag_reason"]) for s in sales] == [("refused", "payment_code_not_configured")]

    v2 = {"apiv2_key": APIV2_KEY, "merchant_cert": self_signed(KEY)}
    saved = await client.put(settings, json=account | v2, headers=owner)
    assert saved.status_code == 200 and {"apiv2_key", "merchant_cert"} <= set(saved.json()["secrets"])
