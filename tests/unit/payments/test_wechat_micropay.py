"""WeChat Pay payment codes (API v2) against a fake gateway: HMAC-SHA256 signing, paid at once, paid after the
payer confirms, a payer who never confirms (reversed with the merchant certificate), a refused code, an answer
signed with another key, and a shop without the v2 key or certificate refused before any call."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from pydantic import ValidationError

from shoal.payments.providers.base import PaymentRequest
from shoal.payments.providers.errors import MicropayNotConfigured, MicropayUnsettled
from shoal.payments.providers.wechat_micropay import sign
from shoal.payments.providers.wechatpay import WeChatPayConfig, WeChatPayProvider
from shoal.payments.schemas_settings import WeChatPayCredentialsIn
from shoal.payments.service_settings import provider_config
from tests.unit.payments.conftest import APIV3_KEY, MERCHANT_SERIAL, private_pem
from tests.unit.payments.fake_gateways import APIV2_KEY, FakeWeChatV2, Sleeps, fast_polling

MICROPAY, QUERY, REVERSE = "/pay/micropay", "/pay/orderquery", "/secapi/pay/reverse"
CERT = "-----BEGIN CERTIFICATE-----\nMIID8zCCAtugAwIBAgIUEx\n-----END CERTIFICATE-----\n"
CODE = "134567890123456789"
PAID = {"result_code": "SUCCESS", "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "trade_type": "MICROPAY",
        "transaction_id": "4200000000202611300000000007", "out_trade_no": "PAY1", "total_fee": "1990"}  # fmt: skip


def paying(code: str = "USERPAYING") -> dict[str, str]:
    return {"result_code": "FAIL", "err_code": code, "err_code_des": "需要用户输入支付密码"}


def till(fake: FakeWeChatV2, merchant_key, clock, *, v2_key: str = APIV2_KEY, cert: str = CERT,  # type: ignore[no-untyped-def]
         sleeps: Sleeps | None = None) -> WeChatPayProvider:  # fmt: skip
    config = WeChatPayConfig("1230000109", "wxd678efh567hg6787", private_pem(merchant_key), MERCHANT_SERIAL, APIV3_KEY,
                             apiv2_key=v2_key, merchant_cert=cert)  # fmt: skip
    return WeChatPayProvider(config, transport=fake.transport(), clock=clock, polling=fast_polling(sleeps))


def test_the_v2_signature_is_hmac_sha256_over_sorted_fields_and_the_key() -> None:
    params = {"mch_id": "10000100", "appid": "wxd930ea5d5a258f4f", "body": "test", "device_info": "1000",
              "nonce_str": "ibuaiVcKdpRxkhJA", "sign_type": "HMAC-SHA256", "attach": ""}  # fmt: skip
    text = (
        "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA"
        "&sign_type=HMAC-SHA256&key=" + APIV2_KEY
    )
    expected = hmac.new(APIV2_KEY.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    assert sign(params, APIV2_KEY) == expected and sign({**params, "sign": "X"}, APIV2_KEY) == expected


async def test_a_code_paid_at_once_is_one_signed_call_in_exact_fen(merchant_key, clock) -> None:
    fake = FakeWeChatV2({MICROPAY: [PAID]})
    answer = await till(fake, merchant_key, clock).micropay(PaymentRequest("PAY1", 1_990, "CNY", "门店销售"), CODE)
    assert (answer.status, answer.amount, answer.transaction_id) == ("succeeded", 1_990, PAID["transaction_id"])
    sent = fake.calls[0][1]
    assert fake.paths == [MICROPAY] and (sent["total_fee"], sent["auth_code"], sent["body"]) == (
        "1990",
        CODE,
        "门店销售",
    )
    assert (sent["appid"], sent["mch_id"], sent["out_trade_no"]) == ("wxd678efh567hg6787", "1230000109", "PAY1")


async def test_a_payer_still_confirming_is_polled_until_paid(merchant_key, clock) -> None:
    sleeps = Sleeps()
    fake = FakeWeChatV2({MICROPAY: [paying()], QUERY: [{"result_code": "SUCCESS", "trade_state": "USERPAYING"},
                                                       {**PAID, "trade_state": "SUCCESS"}]})  # fmt: skip
    answer = await till(fake, merchant_key, clock, sleeps=sleeps).micropay(
        PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
    )
    assert answer.status == "succeeded" and fake.paths == [MICROPAY, QUERY, QUERY] and sleeps.seconds == [5.0]
    assert fake.calls[1][1]["out_trade_no"] == "PAY1"


async def test_a_payer_who_never_confirms_is_reversed_with_the_merchant_cert(merchant_key, clock) -> None:
    fake = FakeWeChatV2({MICROPAY: [paying()], QUERY: [{"result_code": "SUCCESS", "trade_state": "USERPAYING"}],
                         REVERSE: [{"result_code": "SUCCESS", "recall": "N"}]})  # fmt: skip
    answer = await till(fake, merchant_key, clock).micropay(PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE)
    assert (answer.status, answer.provider_state) == ("failed", "TIMEOUT.REVERSED")
    assert fake.paths == [MICROPAY] + [QUERY] * 6 + [REVERSE] and fake.cert == (CERT, private_pem(merchant_key))


async def test_a_refused_code_fails_at_once(merchant_key, clock) -> None:
    fake = FakeWeChatV2({MICROPAY: [paying("AUTHCODEEXPIRE")]})
    answer = await till(fake, merchant_key, clock).micropay(PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE)
    assert (answer.status, answer.provider_state, fake.paths) == ("failed", "AUTHCODEEXPIRE", [MICROPAY])


async def test_an_answer_signed_with_another_key_is_not_trusted(merchant_key, clock) -> None:
    fake = FakeWeChatV2({MICROPAY: [PAID], QUERY: [{**PAID, "trade_state": "SUCCESS"}],
                         REVERSE: [{"result_code": "SUCCESS", "recall": "N"}]}, forge=True)  # fmt: skip
    with pytest.raises(MicropayUnsettled):
        await till(fake, merchant_key, clock).micropay(PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE)
    assert fake.paths == [MICROPAY] + [QUERY] * 6 + [REVERSE] * 3


@pytest.mark.parametrize(("v2_key", "cert", "setting"), [("", CERT, "APIV2_KEY"), (APIV2_KEY, "", "MERCHANT_CERT")])
async def test_a_shop_without_the_v2_key_or_cert_is_refused_before_any_call(
    merchant_key, clock, v2_key: str, cert: str, setting: str
) -> None:
    fake = FakeWeChatV2({})
    with pytest.raises(MicropayNotConfigured) as raised:
        await till(fake, merchant_key, clock, v2_key=v2_key, cert=cert).micropay(
            PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
        )
    assert setting in raised.value.params["setting"] and fake.calls == []


def test_a_shops_saved_v2_key_and_cert_reach_the_provider_and_are_optional() -> None:
    ids = {"mchid": "1230000109", "appid": "wx1", "merchant_serial": MERCHANT_SERIAL, "notify_url": "https://s/n"}
    secrets = {"merchant_private_key": "K", "apiv3_key": APIV3_KEY}
    assert provider_config("wechatpay", ids, secrets).apiv2_key == ""
    config = provider_config("wechatpay", ids, {**secrets, "apiv2_key": APIV2_KEY, "merchant_cert": CERT})
    assert (config.apiv2_key, config.merchant_cert) == (APIV2_KEY, CERT)
    with pytest.raises(ValidationError):
        WeChatPayCredentialsIn(**ids, merchant_cert="not a certificate")
