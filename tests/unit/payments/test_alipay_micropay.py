"""Alipay payment codes against a fake gateway: paid at once, paid after the payer confirms, a payer who never
confirms (the trade is cancelled), a refused code, a cancel that never goes through, and amounts in exact fen."""

from __future__ import annotations

import pytest

from shoal.payments.providers.alipay import AlipayConfig, AlipayProvider
from shoal.payments.providers.base import PaymentRequest
from shoal.payments.providers.crypto import load_public_key
from shoal.payments.providers.errors import MicropayUnsettled
from tests.unit.payments.conftest import private_pem, public_pem
from tests.unit.payments.fake_gateways import FakeAlipay, Sleeps, fast_polling

PAY, QUERY, CANCEL = "alipay.trade.pay", "alipay.trade.query", "alipay.trade.cancel"
CODE = "287654321098765432"
OK = {"code": "10000", "msg": "Success"}


def paid(total: str) -> dict[str, str]:
    return {**OK, "trade_no": "2026113022001404940500000009", "out_trade_no": "PAY1", "total_amount": total,
            "buyer_user_id": "2088102122524333", "trade_status": "TRADE_SUCCESS"}  # fmt: skip


def waiting(state: str = "WAIT_BUYER_PAY") -> dict[str, str]:
    return {**OK, "out_trade_no": "PAY1", "trade_status": state, "total_amount": "19.90"}


@pytest.fixture
def gateway(merchant_key, platform_key) -> FakeAlipay:
    return FakeAlipay(load_public_key(public_pem(merchant_key)), platform_key, {})


def till(gateway: FakeAlipay, merchant_key, platform_key, clock, sleeps: Sleeps | None = None) -> AlipayProvider:  # type: ignore[no-untyped-def]
    config = AlipayConfig("2021000000000001", private_pem(merchant_key), public_pem(platform_key))
    return AlipayProvider(config, transport=gateway.transport(), clock=clock, polling=fast_polling(sleeps))


@pytest.mark.parametrize(("fen", "yuan"), [(1, "0.01"), (1_990, "19.90"), (100_001, "1000.01")])
async def test_a_code_paid_at_once_is_one_signed_call_in_exact_fen(
    gateway, merchant_key, platform_key, clock, fen: int, yuan: str
) -> None:
    gateway.script[PAY] = [paid(yuan)]
    answer = await till(gateway, merchant_key, platform_key, clock).micropay(
        PaymentRequest("PAY1", fen, "CNY", "门店销售"), CODE
    )
    assert (answer.status, answer.amount, answer.transaction_id) == ("succeeded", fen, "2026113022001404940500000009")
    assert gateway.calls == [(PAY, {"out_trade_no": "PAY1", "scene": "bar_code", "auth_code": CODE,
                                    "subject": "门店销售", "total_amount": yuan})]  # fmt: skip


async def test_a_payer_still_confirming_is_polled_until_paid(gateway, merchant_key, platform_key, clock) -> None:
    sleeps = Sleeps()
    gateway.script |= {PAY: [{"code": "10003", "msg": "等待用户付款"}], QUERY: [waiting(), paid("19.90")]}
    answer = await till(gateway, merchant_key, platform_key, clock, sleeps).micropay(
        PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
    )
    assert answer.status == "succeeded" and gateway.methods == [PAY, QUERY, QUERY] and sleeps.seconds == [5.0]
    assert gateway.calls[1][1] == {"out_trade_no": "PAY1"}


async def test_no_answer_then_a_payer_who_never_confirms_is_cancelled(
    gateway, merchant_key, platform_key, clock
) -> None:
    gateway.script |= {PAY: [None], QUERY: [waiting()], CANCEL: [{**OK, "retry_flag": "N", "action": "close"}]}
    answer = await till(gateway, merchant_key, platform_key, clock).micropay(
        PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
    )
    assert (answer.status, answer.provider_state) == ("failed", "TIMEOUT.CANCELLED")
    assert gateway.methods == [PAY] + [QUERY] * 6 + [CANCEL] and gateway.calls[-1][1] == {"out_trade_no": "PAY1"}


async def test_a_refused_code_fails_at_once(gateway, merchant_key, platform_key, clock) -> None:
    gateway.script[PAY] = [{"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.PAYMENT_AUTH_CODE_INVALID",
                            "sub_msg": "支付失败，获取顾客账户信息失败"}]  # fmt: skip
    answer = await till(gateway, merchant_key, platform_key, clock).micropay(
        PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
    )
    assert (answer.status, answer.provider_state, gateway.methods) == (
        "failed", "ACQ.PAYMENT_AUTH_CODE_INVALID", [PAY],
    )  # fmt: skip


async def test_a_paid_trade_of_another_amount_is_cancelled_not_kept(gateway, merchant_key, platform_key, clock) -> None:
    gateway.script |= {PAY: [paid("19.89")], CANCEL: [{**OK, "retry_flag": "N", "action": "refund"}]}
    answer = await till(gateway, merchant_key, platform_key, clock).micropay(
        PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
    )
    assert (answer.status, gateway.methods) == ("failed", [PAY, CANCEL])


async def test_a_cancel_that_never_goes_through_is_reported_not_guessed(
    gateway, merchant_key, platform_key, clock
) -> None:
    gateway.script |= {PAY: [{"code": "20000", "msg": "Service Currently Unavailable"}], QUERY: [None],
                       CANCEL: [{**OK, "retry_flag": "Y"}]}  # fmt: skip
    with pytest.raises(MicropayUnsettled) as raised:
        await till(gateway, merchant_key, platform_key, clock).micropay(
            PaymentRequest("PAY1", 1_990, "CNY", "T恤"), CODE
        )
    assert raised.value.params["number"] == "PAY1" and gateway.methods.count(CANCEL) == 3
