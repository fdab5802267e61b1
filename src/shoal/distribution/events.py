"""Facts distribution tells others (notifications, webhooks, analytics)."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class CommissionSettled(Event):
    order_id: str
    promoter_id: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class WithdrawalSettled(Event):
    """A payout the provider confirmed (``paid``) or refused (``failed``: the amount went back)."""

    withdrawal_id: str
    promoter_id: str
    amount: int
    status: str
