"""WeChat Pay merchant transfer (商家转账, the 2025 API where the receiver confirms in WeChat).

It is the payments domain's WeChat Pay v3 provider with three more calls, so the request signing
(``WECHATPAY2-SHA256-RSA2048``), the platform-signature check of answers and notifications, the five-minute
replay window and the AES-256-GCM ``resource`` decryption are that provider's code, not a copy:

- ``POST /v3/fund-app/mch-transfer/transfer-bills`` starts a transfer: ``WAIT_USER_CONFIRM`` with a
  ``package_info`` the receiver's client confirms with (``awaiting_confirmation``);
- ``GET /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{no}`` asks its state (reconciliation);
- the ``MCHTRANSFER.BILL.FINISHED`` notification tells ``SUCCESS``, ``FAIL`` or ``CANCELLED``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any, Protocol

from shoal.core.clock import Clock
from shoal.core.http_client import HttpResponse
from shoal.distribution.payouts.base import PayoutState, TransferRequest, TransferResult
from shoal.payments.providers.crypto import CryptoError, aead_decrypt
from shoal.payments.providers.errors import ForgedNotification, ProviderFailed
from shoal.payments.providers.wechatpay import WeChatPayConfig, WeChatPayProvider

TRANSFER_PATH = "/v3/fund-app/mch-transfer/transfer-bills"
QUERY_PATH = TRANSFER_PATH + "/out-bill-no/{}"
TRANSFER_SCENE = "1000"  # 现金营销: commission paid to promoters
STATES: dict[str, PayoutState] = {
    "ACCEPTED": "processing", "PROCESSING": "processing", "WAIT_USER_CONFIRM": "awaiting_confirmation",
    "TRANSFERING": "processing", "SUCCESS": "paid", "FAIL": "failed", "CANCELLING": "processing",
    "CANCELLED": "failed",
}  # fmt: skip


class PayoutTransport(Protocol):
    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse: ...

    async def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse: ...


class WeChatTransferProvider(WeChatPayProvider):
    name = "wechatpay"

    def __init__(self, config: WeChatPayConfig, *, transport: PayoutTransport, clock: Clock) -> None:
        super().__init__(config, transport=transport, clock=clock)
        self._network = transport

    async def transfer(self, request: TransferRequest) -> TransferResult:
        answer = await self._post(TRANSFER_PATH, {
            "appid": self.config.appid, "out_bill_no": request.out_bill_no, "transfer_scene_id": TRANSFER_SCENE,
            "openid": request.receiver, "transfer_amount": request.amount, "transfer_remark": request.remark[:32],
            "notify_url": payout_notify_url(self.config.notify_url),
            "transfer_scene_report_infos": [
                {"info_type": "活动名称", "info_content": "分销佣金"},
                {"info_type": "奖励说明", "info_content": "推广订单佣金提现"},
            ],
        })  # fmt: skip
        return _result(answer, request.out_bill_no)

    async def query(self, out_bill_no: str) -> TransferResult:
        path = QUERY_PATH.format(out_bill_no)
        timestamp = int(self._clock.now().timestamp())
        headers = {
            "Authorization": self.authorization("GET", path, "", timestamp=timestamp, nonce=secrets.token_hex(16)),
            "Accept": "application/json",
        }
        response = await self._network.get(self.config.api_base + path, headers)
        return _result(self._verified_answer(response), out_bill_no)

    def parse_notice(self, headers: Mapping[str, str], body: bytes) -> TransferResult:
        envelope = json.loads(self._verified_text(headers, body))
        try:
            resource = envelope["resource"]
            bill = json.loads(aead_decrypt(
                self.config.apiv3_key.encode(), nonce=resource["nonce"], ciphertext=resource["ciphertext"],
                associated_data=resource.get("associated_data") or "",
            ))  # fmt: skip
        except CryptoError as exc:
            raise ForgedNotification(reason="resource did not decrypt") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise ForgedNotification(reason="malformed notification") from exc
        if bill.get("mch_id", self.config.mchid) != self.config.mchid:
            raise ForgedNotification(reason="another merchant's notification")
        return _result(bill, str(bill.get("out_bill_no", "")))


def payout_notify_url(payment_notify_url: str) -> str:
    """Transfers notify distribution's address on the same host and shop as the payments' one."""
    return payment_notify_url.replace("/api/v1/payments/", "/api/v1/distribution/payouts/", 1)


def _result(answer: dict[str, Any], out_bill_no: str) -> TransferResult:
    state = STATES.get(str(answer.get("state", "")))
    if state is None or answer.get("out_bill_no", out_bill_no) != out_bill_no:
        raise ProviderFailed(provider="wechatpay", reason=f"unexpected transfer answer {answer.get('state')!r}")
    return TransferResult(out_bill_no, state, answer.get("transfer_bill_no"), answer.get("package_info"))
