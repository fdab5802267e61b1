"""WeChat Pay v3: notifications are verified (signature, serial, freshness) and decrypted; requests are signed.

``wechatpayv3`` is used as an independent peer: it accepts what our side signs, and we accept what it signs.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from wechatpayv3 import utils as peer
from wechatpayv3.core import Core

from shoal.payments.providers.base import HttpResponse, PaymentRequest, RefundRequest
from shoal.payments.providers.errors import ForgedNotification, PayerRequired, ProviderFailed, SceneNotSupported
from tests.unit.payments.conftest import (
    APIV3_KEY,
    MERCHANT_SERIAL,
    PLATFORM_SERIAL,
    encrypt_resource,
    notification_body,
    private_pem,
    public_pem,
    transaction,
    wechat_signed,
)


def now(clock) -> int:
    return int(clock.now().timestamp())


def test_a_genuine_notification_is_verified_and_translated(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction(total=1990)))
    notification = wechat.parse_notification(wechat_signed(platform_key, body, timestamp=now(clock)), body.encode())
    assert notification.out_trade_no == "PAY20261125000001"
    assert notification.transaction_id == "4200000000202611250000000001"
    assert (notification.status, notification.provider_state, notification.event) == (
        "succeeded",
        "SUCCESS",
        "TRANSACTION.SUCCESS",
    )
    assert (notification.amount, notification.currency) == (1990, "CNY")
    assert notification.payer == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def test_header_names_are_case_insensitive(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = {k.lower(): v for k, v in wechat_signed(platform_key, body, timestamp=now(clock)).items()}
    assert wechat.parse_notification(headers, body.encode()).status == "succeeded"


@pytest.mark.parametrize("state", ["CLOSED", "PAYERROR", "NOTPAY"])
def test_other_trade_states_are_not_success(wechat, platform_key, clock, state: str) -> None:
    body = notification_body(encrypt_resource(transaction(state=state)))
    notification = wechat.parse_notification(wechat_signed(platform_key, body, timestamp=now(clock)), body.encode())
    assert notification.status == ("pending" if state == "NOTPAY" else "failed")


def test_a_tampered_body_is_refused(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    with pytest.raises(ForgedNotification) as caught:
        wechat.parse_notification(headers, body.replace("支付成功", "支付成功!").encode())
    assert caught.value.status == 400 and caught.value.code == "notification_forged"


def test_a_signature_by_another_key_is_refused(wechat, stranger_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    with pytest.raises(ForgedNotification, match="bad signature"):
        wechat.parse_notification(wechat_signed(stranger_key, body, timestamp=now(clock)), body.encode())


def test_a_garbled_signature_is_refused(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    headers["Wechatpay-Signature"] = "not base64 at all!"
    with pytest.raises(ForgedNotification):
        wechat.parse_notification(headers, body.encode())


def test_an_unknown_serial_is_refused(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock), serial="DEADBEEF")
    with pytest.raises(ForgedNotification, match="unknown platform serial"):
        wechat.parse_notification(headers, body.encode())


@pytest.mark.parametrize("missing", ["Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce"])
def test_missing_signature_headers_are_refused(wechat, platform_key, clock, missing: str) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    del headers[missing]
    with pytest.raises(ForgedNotification):
        wechat.parse_notification(headers, body.encode())


@pytest.mark.parametrize("skew", [300, -300, 3600, -86400])
def test_a_timestamp_five_minutes_or_more_away_is_refused(wechat, platform_key, clock, skew: int) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock) + skew)
    with pytest.raises(ForgedNotification, match="timestamp"):
        wechat.parse_notification(headers, body.encode())


@pytest.mark.parametrize("skew", [299, -299, 0])
def test_a_timestamp_within_five_minutes_is_accepted(wechat, platform_key, clock, skew: int) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock) + skew)
    assert wechat.parse_notification(headers, body.encode()).status == "succeeded"


def test_a_replay_after_the_clock_moved_on_is_refused(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    wechat.parse_notification(headers, body.encode())
    clock.advance(minutes=5)
    with pytest.raises(ForgedNotification):
        wechat.parse_notification(headers, body.encode())


def test_a_tampered_ciphertext_is_refused_even_if_signed(wechat, platform_key, clock) -> None:
    resource = encrypt_resource(transaction())
    sealed = bytearray(base64.b64decode(resource["ciphertext"]))
    sealed[5] ^= 0x01
    resource["ciphertext"] = base64.b64encode(bytes(sealed)).decode()
    body = notification_body(resource)
    with pytest.raises(ForgedNotification, match="decrypt"):
        wechat.parse_notification(wechat_signed(platform_key, body, timestamp=now(clock)), body.encode())


def test_a_resource_sealed_with_another_key_or_associated_data_is_refused(wechat, platform_key, clock) -> None:
    for resource in (
        encrypt_resource(transaction(), key="x" * 32),
        {**encrypt_resource(transaction()), "associated_data": "certificate"},
    ):
        body = notification_body(resource)
        with pytest.raises(ForgedNotification):
            wechat.parse_notification(wechat_signed(platform_key, body, timestamp=now(clock)), body.encode())


def test_another_merchants_notification_is_refused(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource({**transaction(), "mchid": "999"}))
    with pytest.raises(ForgedNotification, match="merchant"):
        wechat.parse_notification(wechat_signed(platform_key, body, timestamp=now(clock)), body.encode())


def test_acknowledgements(wechat) -> None:
    ack = wechat.notification_ack()
    assert (ack.status, json.loads(ack.body)) == (200, {"code": "SUCCESS"})
    nack = wechat.notification_rejection("验签失败")
    assert nack.status == 400 and json.loads(nack.body) == {"code": "FAIL", "message": "验签失败"}


# --- interoperability with wechatpayv3 -------------------------------------------------------------------------


def peer_core(merchant_key, platform_key) -> Core:
    """The SDK set up offline: a platform public key by id instead of downloading certificates."""
    return Core(
        mchid="1230000109",
        cert_serial_no=MERCHANT_SERIAL,
        private_key=private_pem(merchant_key),
        apiv3_key=APIV3_KEY,
        public_key=public_pem(platform_key),
        public_key_id=PLATFORM_SERIAL,
    )


def test_we_accept_a_notification_signed_by_the_sdk(wechat, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction(total=8800)))
    timestamp, nonce = str(now(clock)), "sdk-nonce-1"
    headers = {
        "Wechatpay-Timestamp": timestamp,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": PLATFORM_SERIAL,
        "Wechatpay-Signature": peer.rsa_sign(platform_key, f"{timestamp}\n{nonce}\n{body}\n"),
        "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
    }
    assert wechat.parse_notification(headers, body.encode()).amount == 8800


def test_the_sdk_accepts_the_same_notification_we_accept(wechat, merchant_key, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction(total=4200)))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    ours = wechat.parse_notification(headers, body.encode())
    theirs = peer_core(merchant_key, platform_key).callback(headers, body)
    assert theirs is not None and theirs["resource"] == ours.raw


def test_the_sdk_and_we_both_refuse_a_tampered_notification(wechat, merchant_key, platform_key, clock) -> None:
    body = notification_body(encrypt_resource(transaction()))
    headers = wechat_signed(platform_key, body, timestamp=now(clock))
    forged = body.replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCESS ")
    assert peer_core(merchant_key, platform_key).callback(headers, forged) is None
    with pytest.raises(ForgedNotification):
        wechat.parse_notification(headers, forged.encode())


def test_our_request_signature_matches_the_sdk(wechat, merchant_key, monkeypatch, clock) -> None:
    body = json.dumps({"appid": "wxd678efh567hg6787", "amount": {"total": 1}}, ensure_ascii=False)
    monkeypatch.setattr(peer.time, "time", lambda: float(now(clock)))
    theirs = peer.build_authorization(
        PREPAY_PATH, "POST", "1230000109", MERCHANT_SERIAL, merchant_key, data=body, nonce_str="NONCE1"
    )
    assert wechat.authorization("POST", PREPAY_PATH, body, timestamp=now(clock), nonce="NONCE1") == theirs


def test_our_pay_sign_matches_the_sdk(wechat, merchant_key, platform_key) -> None:
    params = wechat.client_pay_params("wx201410272009395522657a690389285100")
    theirs = peer_core(merchant_key, platform_key).sign(
        [params["appId"], params["timeStamp"], params["nonceStr"], params["package"]]
    )
    assert params["paySign"] == theirs and params["signType"] == "RSA"


# --- prepay and refund through a fake network ---------------------------------------------------------------------

PREPAY_PATH = "/v3/pay/transactions/jsapi"


def signed_answer(platform_key, clock, payload: dict, status: int = 200) -> HttpResponse:
    text = json.dumps(payload)
    return HttpResponse(status, wechat_signed(platform_key, text, timestamp=now(clock)), text.encode())


def merchant_signature_ok(merchant_key, method: str, path: str, headers: dict[str, str], body: bytes) -> bool:
    fields = dict(re.findall(r'(\w+)="([^"]*)"', headers["Authorization"]))
    message = f"{method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n{body.decode()}\n".encode()
    merchant_key.public_key().verify(
        base64.b64decode(fields["signature"]), message, padding.PKCS1v15(), hashes.SHA256()
    )
    return fields["mchid"] == "1230000109" and fields["serial_no"] == MERCHANT_SERIAL


async def test_prepay_sends_a_signed_request_and_returns_signed_client_params(
    wechat, transport, merchant_key, platform_key, clock
) -> None:
    transport.answers.append(signed_answer(platform_key, clock, {"prepay_id": "wx2026112516000000001"}))
    request = PaymentRequest("PAY1", 1990, "CNY", "两件T恤", payer_id="openid-1")
    payment = await wechat.create_payment(request)
    url, headers, body = transport.sent[0]
    assert url == "https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi"
    assert merchant_signature_ok(merchant_key, "POST", PREPAY_PATH, headers, body)
    sent = json.loads(body)
    assert sent["amount"] == {"total": 1990, "currency": "CNY"} and sent["payer"] == {"openid": "openid-1"}
    assert sent["out_trade_no"] == "PAY1" and sent["notify_url"].endswith("/wechatpay/notify")
    params = payment.client_params
    assert params["package"] == "prepay_id=wx2026112516000000001" and payment.provider_reference
    message = f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n".encode()
    merchant_key.public_key().verify(base64.b64decode(params["paySign"]), message, padding.PKCS1v15(), hashes.SHA256())


async def test_an_answer_not_signed_by_wechat_is_not_trusted(wechat, transport, stranger_key, clock) -> None:
    transport.answers.append(signed_answer(stranger_key, clock, {"prepay_id": "wx-forged"}))
    with pytest.raises(ProviderFailed, match="not signed"):
        await wechat.create_payment(PaymentRequest("PAY1", 100, "CNY", "x", payer_id="o"))


async def test_an_error_answer_is_a_provider_failure(wechat, transport) -> None:
    transport.answers.append(HttpResponse(400, {}, b'{"code":"PARAM_ERROR","message":"openid invalid"}'))
    with pytest.raises(ProviderFailed, match="PARAM_ERROR") as caught:
        await wechat.create_payment(PaymentRequest("PAY1", 100, "CNY", "x", payer_id="o"))
    assert caught.value.status == 502


async def test_prepay_needs_an_openid_and_the_mini_program_scene(wechat, transport) -> None:
    with pytest.raises(PayerRequired):
        await wechat.create_payment(PaymentRequest("PAY1", 100, "CNY", "x"))
    with pytest.raises(SceneNotSupported):
        await wechat.create_payment(PaymentRequest("PAY1", 100, "CNY", "x", scene="wap", payer_id="o"))
    assert transport.sent == []


async def test_refund_posts_amounts_in_fen(wechat, transport, merchant_key, platform_key, clock) -> None:
    transport.answers.append(
        signed_answer(platform_key, clock, {"refund_id": "50000000382019052709732678859", "status": "PROCESSING"})
    )
    refund = await wechat.refund(RefundRequest("PAY1", "RF1", 500, 1990, "CNY", reason="尺码不合适"))
    url, headers, body = transport.sent[0]
    assert url.endswith("/v3/refund/domestic/refunds")
    assert merchant_signature_ok(merchant_key, "POST", "/v3/refund/domestic/refunds", headers, body)
    assert json.loads(body)["amount"] == {"refund": 500, "total": 1990, "currency": "CNY"}
    assert (refund.refund_id, refund.status) == ("50000000382019052709732678859", "pending")
