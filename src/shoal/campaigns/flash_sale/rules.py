"""Pure rules of flash sales: shards, states and where a buyer's order stands."""

from __future__ import annotations

from datetime import datetime

SHARDS = 8  # bucket rows, and rows of the sale's inventory hold, per SKU: a crowd's guarded writes spread over them
DRAFT, PUBLISHED, ENDED = "draft", "published", "ended"
ADMITTED, PAID, RETURNED = "admitted", "paid", "returned"
GIVES_BACK = ("closed", "cancelled", "closed now")  # order outcomes whose units went back to the sale


def session_state(status: str, starts_at: datetime, ends_at: datetime, now: datetime) -> str:
    """What a shopper sees: ``upcoming`` before the start, ``live`` while on, ``ended`` after (or ended early)."""
    if status != PUBLISHED or now >= ends_at:
        return ENDED if status != DRAFT else DRAFT
    return "upcoming" if now < starts_at else "live"
