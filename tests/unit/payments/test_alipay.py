"""Alipay RSA2: request signing and notification verification, with ``python-alipay-sdk`` as an independent peer."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from alipay import AliPay
from hypothesis import given, settings
from hypothesis import strategies as st

from shoal.payments.providers.alipay import signing_string
from shoal.payments.providers.base import HttpResponse, PaymentRequest, RefundRequest
from shoal.payments.providers.crypto import load_public_key, rsa_sign, rsa_verify
from shoal.payments.providers.errors import ForgedNotification, PayerRequired, ProviderFailed
from tests.unit.payments.conftest import private_pem, public_pem


def notify_params(**overrides: str) -> dict[str, str]:
    params = {
        "notify_time": "2026-11-25 16:00:00",
        "notify_type": "trade_status_sync",
        "notify_id": "ac05099524730693a8b330c5ecf72da9786",
        "charset": "utf-8",
        "version": "1.0",
        "app_id": "2021000000000001",
        "seller_id": "2088000000000001",
        "trade_no": "2026112522001404940500000001",
        "out_trade_no": "PAY20261125000001",
        "buyer_id": "2088102122524333",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": "19.90",
        "receipt_amount": "19.90",
        "subject": "两件T恤 & 袜子",
        "gmt_payment": "2026-11-25 15:59:58",
    }
    params.update(overrides)
    return params


def signed_notification(key, params: dict[str, str]) -> bytes:
    """Alipay's side: sign everything but sign/sign_type, then form-encode with the signature."""
    sign = rsa_sign(key, signing_string(params, exclude=("sign", "sign_type")))
    return urlencode({**params, "sign_type": "RSA2", "sign": sign}).encode()


def test_a_genuine_notification_is_verified_and_translated(alipay, platform_key) -> None:
    notification = alipay.parse_notification({}, signed_notification(platform_key, notify_params()))
    assert (notification.out_trade_no, notification.transaction_id) == (
        "PAY20261125000001",
        "2026112522001404940500000001",
    )
    assert (notification.status, notification.event, notification.amount) == ("succeeded", "TRADE_SUCCESS", 1990)
    assert notification.payer == "2088102122524333" and "sign" not in notification.raw


@pytest.mark.parametrize(("state", "status"), [("TRADE_FINISHED", "succeeded"), ("TRADE_CLOSED", "failed")])
def test_trade_states(alipay, platform_key, state: str, status: str) -> None:
    body = signed_notification(platform_key, notify_params(trade_status=state))
    assert alipay.parse_notification({}, body).status == status


@pytest.mark.parametrize(
    ("name", "value"), [("total_amount", "0.01"), ("out_trade_no", "PAY2"), ("trade_status", "TRADE_SUCCESS2")]
)
def test_a_tampered_parameter_is_refused(alipay, platform_key, name: str, value: str) -> None:
    params = dict(parse_qsl(signed_notification(platform_key, notify_params()).decode()))
    params[name] = value
    with pytest.raises(ForgedNotification, match="bad signature"):
        alipay.parse_notification({}, urlencode(params).encode())


def test_an_added_parameter_is_refused(alipay, platform_key) -> None:
    body = signed_notification(platform_key, notify_params()) + b"&refund_fee=19.90"
    with pytest.raises(ForgedNotification):
        alipay.parse_notification({}, body)


def test_a_signature_by_another_key_or_none_is_refused(alipay, stranger_key) -> None:
    with pytest.raises(ForgedNotification):
        alipay.parse_notification({}, signed_notification(stranger_key, notify_params()))
    with pytest.raises(ForgedNotification):
        alipay.parse_notification({}, urlencode(notify_params()).encode())
    with pytest.raises(ForgedNotification):
        alipay.parse_notification({}, b"\xff\xfe not a form")


def test_another_app_or_seller_is_refused_even_when_signed(alipay, platform_key) -> None:
    with pytest.raises(ForgedNotification, match="app"):
        alipay.parse_notification({}, signed_notification(platform_key, notify_params(app_id="2021999")))
    with pytest.raises(ForgedNotification, match="seller"):
        alipay.parse_notification({}, signed_notification(platform_key, notify_params(seller_id="2088999")))


def test_acknowledgements(alipay) -> None:
    assert (alipay.notification_ack().status, alipay.notification_ack().body) == (200, b"success")
    assert (alipay.notification_rejection("x").status, alipay.notification_rejection("x").body) == (400, b"fail")


# --- interoperability with python-alipay-sdk ----------------------------------------------------------------------


def peer(private_key, verify_with) -> AliPay:
    return AliPay(
        appid="2021000000000001",
        app_private_key_string=private_pem(private_key),
        alipay_public_key_string=public_pem(verify_with),
        sign_type="RSA2",
    )


def test_we_accept_a_notification_signed_by_the_sdk(alipay, platform_key) -> None:
    params = notify_params(total_amount="88.00")
    signed = dict(parse_qsl(peer(platform_key, platform_key).sign_data(dict(params))))
    assert alipay.parse_notification({}, urlencode({**signed, "sign_type": "RSA2"}).encode()).amount == 8800


def test_the_sdk_verifies_a_notification_exactly_as_we_do(alipay, platform_key, merchant_key) -> None:
    body = signed_notification(platform_key, notify_params())
    params = dict(parse_qsl(body.decode()))
    signature = params.pop("sign")
    assert peer(merchant_key, platform_key).verify(dict(params), signature)
    assert alipay.parse_notification({}, body).status == "succeeded"
    params["total_amount"] = "0.01"
    assert not peer(merchant_key, platform_key).verify(dict(params), signature)


def test_our_request_signature_equals_the_sdks_and_it_verifies(alipay, merchant_key) -> None:
    params = alipay.signed_params("alipay.trade.wap.pay", {"out_trade_no": "PAY1", "total_amount": "0.01"})
    unsigned = {k: v for k, v in params.items() if k != "sign"}
    theirs = dict(parse_qsl(peer(merchant_key, merchant_key).sign_data(dict(unsigned))))
    assert params["sign"] == theirs["sign"]
    assert peer(merchant_key, merchant_key)._verify(signing_string(params), params["sign"])


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
            lambda k: k not in ("sign", "sign_type")
        ),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20),
        min_size=1,
        max_size=8,
    )
)
def test_sign_verify_round_trip_and_any_change_breaks_it(rsa_pair, params: dict[str, str]) -> None:
    key, public = rsa_pair
    message = signing_string(params)
    signature = rsa_sign(key, message)
    assert rsa_verify(public, signing_string(dict(reversed(list(params.items())))), signature)
    changed = {**params, next(iter(params)): next(iter(params.values())) + "x"}
    assert not rsa_verify(public, signing_string(changed), signature)


@pytest.fixture(scope="module")
def rsa_pair(platform_key):
    return platform_key, load_public_key(public_pem(platform_key))


# --- payments and refunds through a fake network ------------------------------------------------------------------


def signed_answer(key, method: str, payload: dict) -> HttpResponse:
    inner = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    name = method.replace(".", "_") + "_response"
    text = f'{{"{name}":{inner},"sign":"{rsa_sign(key, inner)}"}}'
    return HttpResponse(200, {"Content-Type": "application/json"}, text.encode())


async def test_wap_pay_url_is_signed_with_yuan_amounts(alipay, merchant_key, transport) -> None:
    payment = await alipay.create_payment(PaymentRequest("PAY1", 1990, "CNY", "T恤", scene="wap"))
    params = dict(parse_qsl(urlsplit(payment.client_params["pay_url"]).query))
    assert json.loads(params["biz_content"])["total_amount"] == "19.90"
    assert params["method"] == "alipay.trade.wap.pay" and params["timestamp"] == "2026-11-25 16:00:00"
    assert rsa_verify(load_public_key(public_pem(merchant_key)), signing_string(params), params["sign"])
    assert transport.sent == []


async def test_app_pay_returns_an_order_string(alipay, merchant_key) -> None:
    payment = await alipay.create_payment(PaymentRequest("PAY1", 5, "CNY", "贴纸", scene="app"))
    params = dict(parse_qsl(payment.client_params["order_string"]))
    assert json.loads(params["biz_content"])["total_amount"] == "0.05"
    assert rsa_verify(load_public_key(public_pem(merchant_key)), signing_string(params), params["sign"])


async def test_mini_program_trade_create_returns_the_trade_no(alipay, transport, platform_key, merchant_key) -> None:
    transport.answers.append(
        signed_answer(platform_key, "alipay.trade.create", {"code": "10000", "msg": "Success", "trade_no": "T1"})
    )
    payment = await alipay.create_payment(PaymentRequest("PAY1", 1990, "CNY", "T恤", payer_id="2088"))
    assert payment.client_params == {"tradeNO": "T1"}
    sent = dict(parse_qsl(transport.sent[0][2].decode()))
    assert json.loads(sent["biz_content"])["buyer_id"] == "2088"
    assert rsa_verify(load_public_key(public_pem(merchant_key)), signing_string(sent), sent["sign"])


async def test_mini_program_needs_a_buyer(alipay) -> None:
    with pytest.raises(PayerRequired):
        await alipay.create_payment(PaymentRequest("PAY1", 1990, "CNY", "T恤"))


async def test_refund_is_signed_and_its_answer_verified(alipay, transport, platform_key, stranger_key) -> None:
    answer = {"code": "10000", "msg": "Success", "trade_no": "T1", "fund_change": "Y", "refund_fee": "5.00"}
    transport.answers.append(signed_answer(platform_key, "alipay.trade.refund", answer))
    refund = await alipay.refund(RefundRequest("PAY1", "RF1", 500, 1990, "CNY", reason="退货"))
    sent = json.loads(dict(parse_qsl(transport.sent[0][2].decode()))["biz_content"])
    assert sent == {"out_trade_no": "PAY1", "out_request_no": "RF1", "refund_amount": "5.00", "refund_reason": "退货"}
    assert refund.status == "succeeded"
    transport.answers.append(signed_answer(stranger_key, "alipay.trade.refund", answer))
    with pytest.raises(ProviderFailed, match="not signed"):
        await alipay.refund(RefundRequest("PAY1", "RF2", 500, 1990, "CNY"))


async def test_a_refused_refund_is_a_provider_failure(alipay, transport, platform_key) -> None:
    answer = {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"}
    transport.answers.append(signed_answer(platform_key, "alipay.trade.refund", answer))
    with pytest.raises(ProviderFailed, match=r"ACQ\.TRADE_NOT_EXIST"):
        await alipay.refund(RefundRequest("PAY1", "RF1", 500, 1990, "CNY"))
