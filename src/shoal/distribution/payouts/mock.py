"""The mock payout provider, for demos and tests: no money moves, but the path is the real one. A transfer
waits for confirmation; ``notice_for`` makes the notification the provider would send (HMAC-signed with a key
derived from the server's secret, so every process verifies it), and ``decide`` is what a query answers."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

from shoal.distribution.payouts.base import PayoutState, TransferRequest, TransferResult
from shoal.payments.providers.base import lower_keys
from shoal.payments.providers.errors import ForgedNotification

SIGNATURE_HEADER = "X-Mock-Payout-Signature"


class MockPayoutProvider:
    name = "mock"

    def __init__(self, secret_key: str) -> None:
        self._key = hmac.new(secret_key.encode(), b"shoal.mock-payout.v1", hashlib.sha256).digest()
        self._decided: dict[str, PayoutState] = {}

    async def transfer(self, request: TransferRequest) -> TransferResult:
        return TransferResult(request.out_bill_no, "awaiting_confirmation", f"MOCK-{request.out_bill_no}",
                              f"mock-package:{request.out_bill_no}")  # fmt: skip

    async def query(self, out_bill_no: str) -> TransferResult:
        return TransferResult(out_bill_no, self._decided.get(out_bill_no, "awaiting_confirmation"))

    def decide(self, out_bill_no: str, state: PayoutState) -> None:
        """What the receiver did, as a later query will tell it."""
        self._decided[out_bill_no] = state

    def notice_for(self, out_bill_no: str, state: PayoutState) -> tuple[dict[str, str], bytes]:
        body = json.dumps({"out_bill_no": out_bill_no, "state": state}, separators=(",", ":")).encode()
        return {SIGNATURE_HEADER: self._sign(body)}, body

    def parse_notice(self, headers: Mapping[str, str], body: bytes) -> TransferResult:
        if not hmac.compare_digest(lower_keys(headers).get(SIGNATURE_HEADER.lower(), ""), self._sign(body)):
            raise ForgedNotification(reason="bad signature")
        data = json.loads(body)
        return TransferResult(str(data["out_bill_no"]), data["state"], f"MOCK-{data['out_bill_no']}")

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()
