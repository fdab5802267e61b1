"""What the payment-code (付款码) flows of WeChat Pay and Alipay share: how long a till waits for a payer.

Both providers answer a scanned code at once when they can, and otherwise say the payer is still confirming
(typing a password) or give no clear answer (a network fault). Their docs then ask for the same loop: query the
trade every few seconds for a bounded time, and if it is still not paid, cancel (撤销) it at once, so that no
trade stays open that could take the shopper's money after the till gave up on the sale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from shoal.payments.providers.base import Notification, PaymentRequest, PaymentStatus


@dataclass(frozen=True, slots=True)
class Polling:
    """Query ``attempts`` times, ``interval_seconds`` apart (6 × 5 s, the 30 s both providers suggest);
    ``cancel_attempts`` bounds the retries of a cancel the provider asks to repeat. ``sleep`` is injectable."""

    attempts: int = 6
    interval_seconds: float = 5.0
    cancel_attempts: int = 3
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


def final(
    provider: str, request: PaymentRequest, *, status: PaymentStatus, state: str, transaction_id: str = "",
    payer: str | None = None, raw: dict | None = None,
) -> Notification:  # fmt: skip
    """The till's answer: the amount is the request's exact fen (the caller checked the provider's matches)."""
    return Notification(
        provider=provider, event=f"micropay.{state}", out_trade_no=request.out_trade_no,
        transaction_id=transaction_id, status=status, provider_state=state, amount=request.amount,
        currency=request.currency, payer=payer, raw=raw or {},
    )  # fmt: skip
