"""What every payment provider offers the payments service, and the values they exchange.

Providers are pure adapters: they sign what we send, verify what we receive and translate both into
these frozen values. They never touch the database. Network calls go through an injectable
``HttpTransport`` so that tests (and a future retrying client) can stand in for the real network.
Amounts are integer fen with a currency; ``out_trade_no`` is always our payment number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from shoal.core.http_client import HttpResponse

PaymentStatus = Literal["pending", "succeeded", "failed"]
RefundStatus = Literal["pending", "succeeded", "failed"]
Scene = Literal["mini_program", "app", "wap"]


class HttpTransport(Protocol):
    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> HttpResponse: ...


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    out_trade_no: str
    amount: int
    currency: str
    description: str
    scene: Scene = "mini_program"
    payer_id: str | None = None  # WeChat openid / Alipay buyer_id, needed by mini-program payments


@dataclass(frozen=True, slots=True)
class ProviderPayment:
    """What the shopper's client needs to pay, and the provider's own reference if it gave one."""

    out_trade_no: str
    client_params: dict[str, Any]
    provider_reference: str | None = None


@dataclass(frozen=True, slots=True)
class Notification:
    """A verified notification, translated: ``status`` is ours, ``provider_state`` is theirs."""

    provider: str
    event: str
    out_trade_no: str
    transaction_id: str
    status: PaymentStatus
    provider_state: str
    amount: int
    currency: str
    payer: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RefundRequest:
    out_trade_no: str
    out_refund_no: str
    amount: int
    total: int
    currency: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ProviderRefund:
    out_refund_no: str
    refund_id: str
    status: RefundStatus


@dataclass(frozen=True, slots=True)
class Ack:
    """The HTTP answer a provider expects to a notification."""

    status: int
    content_type: str
    body: bytes


class PaymentProvider(Protocol):
    name: str

    async def create_payment(self, request: PaymentRequest) -> ProviderPayment: ...

    def parse_notification(self, headers: Mapping[str, str], body: bytes) -> Notification:
        """Verify and translate a notification; raise ``ForgedNotification`` if anything is off."""
        ...

    def notification_ack(self) -> Ack: ...

    def notification_rejection(self, reason: str) -> Ack: ...

    async def refund(self, request: RefundRequest) -> ProviderRefund: ...

    async def micropay(self, request: PaymentRequest, auth_code: str) -> Notification:
        """Take a payment code (付款码) scanned from the payer's phone at a till; the answer is final (succeeded or
        failed). A provider that cannot raises ``MicropayUnavailable``. In-house providers (``settle``) need none."""
        ...


def lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    """HTTP header names are case-insensitive; compare them in lower case."""
    return {key.lower(): value for key, value in headers.items()}
