"""What a payout provider offers the withdrawals service. Like payment providers, payout providers are pure
adapters (sign, verify, translate), never touching the database.

A transfer is asynchronous: the provider accepts it and answers ``awaiting_confirmation`` (WeChat's merchant
transfer waits for the receiver to confirm in WeChat) or ``processing``; the money has moved only when a
verified notification or a query says ``paid``. ``failed`` means it never will (refused, cancelled, expired).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

PayoutState = Literal["processing", "awaiting_confirmation", "paid", "failed"]


@dataclass(frozen=True, slots=True)
class TransferRequest:
    out_bill_no: str  # ours: the withdrawal's number, the same on every retry (the provider deduplicates)
    amount: int
    receiver: str  # the WeChat openid, or the customer id for the mock
    remark: str


@dataclass(frozen=True, slots=True)
class TransferResult:
    out_bill_no: str
    state: PayoutState
    reference: str | None = None  # the provider's bill number
    package_info: str | None = None  # what the receiver's client confirms with


class PayoutProvider(Protocol):
    name: str

    async def transfer(self, request: TransferRequest) -> TransferResult: ...

    async def query(self, out_bill_no: str) -> TransferResult: ...

    def parse_notice(self, headers: Mapping[str, str], body: bytes) -> TransferResult:
        """Verify and translate a notification; raise ``ForgedNotification`` if anything is off."""
        ...
