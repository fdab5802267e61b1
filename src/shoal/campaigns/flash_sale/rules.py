"""Pure rules of flash sales: shards, states and where a buyer's order stands."""

from __future__ import annotations

from datetime import datetime

SHARDS = 8  # bucket rows per SKU: a crowd's guarded decrements spread over them
DRAFT, PUBLISHED, ENDED = "draft", "published", "ended"
ADMITTED, PAID, RETURNED = "admitted", "paid", "returned"
GIVES_BACK = ("closed", "cancelled", "closed now")  # order outcomes whose units went back to the sale


def shard_sizes(quantity: int, shards: int = SHARDS) -> list[int]:
    """Spread ``quantity`` over the shards so that they differ by at most one and add up to it."""
    base, extra = divmod(quantity, shards)
    return [base + (1 if i < extra else 0) for i in range(shards)]


def session_state(status: str, starts_at: datetime, ends_at: datetime, now: datetime) -> str:
    """What a shopper sees: ``upcoming`` before the start, ``live`` while on, ``ended`` after (or ended early)."""
    if status != PUBLISHED or now >= ends_at:
        return ENDED if status != DRAFT else DRAFT
    return "upcoming" if now < starts_at else "live"
