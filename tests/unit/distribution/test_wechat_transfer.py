"""The WeChat Pay merchant-transfer provider: a signed transfer request that waits for the receiver's
confirmation, a signed query, and notifications verified with the platform key (a forged one refused)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from shoal.core.http_client import HttpResponse
from shoal.distribution.payouts.base import TransferRequest
from shoal.distribution.payouts.wechat import WeChatTransferProvider
from shoal.payments.providers.errors import ForgedNotification
from tests.unit.payments.conftest import encrypt_resource, notification_body, wechat_signed

BILL = "SW20261130A1B2C3D4E5F6A7B8"


@dataclass
class Network:
    answers: list[HttpResponse] = field(default_factory=list)
    sent: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse:
        self.sent.append(("POST", url, dict(headers)))
        return self.answers.pop(0)

    async def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        self.sent.append(("GET", url, dict(headers)))
        return self.answers.pop(0)


@pytest.fixture
def network() -> Network:
    return Network()


@pytest.fixture
def transfers(wechat, network: Network, clock) -> WeChatTransferProvider:  # type: ignore[no-untyped-def]
    return WeChatTransferProvider(wechat.config, transport=network, clock=clock)


def _answer(platform_key, clock, payload: dict) -> HttpResponse:  # type: ignore[no-untyped-def]
    text = json.dumps(payload)
    return HttpResponse(200, wechat_signed(platform_key, text, timestamp=int(clock.now().timestamp())), text.encode())


async def test_a_transfer_waits_for_the_receiver_and_a_query_settles(transfers, network, platform_key, clock) -> None:  # type: ignore[no-untyped-def]
    waiting = {"out_bill_no": BILL, "transfer_bill_no": "1330000071100999", "state": "WAIT_USER_CONFIRM",
               "package_info": "affffddafdfafddffda=="}  # fmt: skip
    network.answers.append(_answer(platform_key, clock, waiting))
    result = await transfers.transfer(TransferRequest(BILL, 3000, "o-openid-王小明", "分销佣金提现"))
    assert (result.state, result.package_info) == ("awaiting_confirmation", "affffddafdfafddffda==")
    _method, url, headers = network.sent[0]
    assert url.endswith("/v3/fund-app/mch-transfer/transfer-bills")
    assert headers["Authorization"].startswith('WECHATPAY2-SHA256-RSA2048 mchid="1230000109"')
    network.answers.append(_answer(platform_key, clock, {"out_bill_no": BILL, "state": "SUCCESS"}))
    assert (await transfers.query(BILL)).state == "paid"
    assert network.sent[1][0] == "GET" and network.sent[1][1].endswith(f"/out-bill-no/{BILL}")


def test_notifications_are_verified(transfers, platform_key, stranger_key, clock) -> None:  # type: ignore[no-untyped-def]
    bill = {"out_bill_no": BILL, "transfer_bill_no": "1330000071100999", "state": "SUCCESS", "mch_id": "1230000109"}
    body = notification_body(encrypt_resource(bill), event="MCHTRANSFER.BILL.FINISHED")
    now = int(clock.now().timestamp())
    assert transfers.parse_notice(wechat_signed(platform_key, body, timestamp=now), body.encode()).state == "paid"
    with pytest.raises(ForgedNotification):
        transfers.parse_notice(wechat_signed(stranger_key, body, timestamp=now), body.encode())
    other = notification_body(encrypt_resource({**bill, "mch_id": "1999999999"}), event="MCHTRANSFER.BILL.FINISHED")
    with pytest.raises(ForgedNotification):
        transfers.parse_notice(wechat_signed(platform_key, other, timestamp=now), other.encode())
