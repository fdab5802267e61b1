"""Pure rules of group-buys: states, the price a member pays and what the deadline does to a group."""

from __future__ import annotations

from datetime import datetime, timedelta

DRAFT, PUBLISHED, ENDED = "draft", "published", "ended"
OPEN, SUCCEEDED, FAILED = "open", "succeeded", "failed"
PENDING, PAID, REFUSED, LEFT = "pending", "paid", "refused", "left"
GIVES_SEAT_BACK = ("cancelled", "refunded", "closed")  # order outcomes after which a member holds no seat


def hold_of(group_id: str) -> str:
    """The order's fulfilment hold while its group is open (the orders domain refuses to ship it)."""
    return f"group:{group_id}"


def unit_price(group_price: int, leader_price: int | None, *, leader: bool) -> int:
    """The leader pays the leader price (团长价) where the activity has one; everyone else the group price."""
    return leader_price if leader and leader_price is not None else group_price


def deadline_outcome(paid: int, virtual_fill_min: int | None) -> str:
    """At the deadline an unfilled group fails, unless the activity fills it virtually (模拟成团) and at least
    M members really paid."""
    if virtual_fill_min is not None and paid >= virtual_fill_min:
        return SUCCEEDED
    return FAILED


def group_expiry(opened_at: datetime, group_minutes: int, activity_ends_at: datetime) -> datetime:
    """A group has its time limit, but never outlives its activity."""
    return min(opened_at + timedelta(minutes=group_minutes), activity_ends_at)


def activity_state(status: str, starts_at: datetime, ends_at: datetime, now: datetime) -> str:
    """What a shopper sees: ``upcoming``, ``live`` or ``ended`` (a draft stays ``draft``)."""
    if status == DRAFT:
        return DRAFT
    if status != PUBLISHED or now >= ends_at:
        return ENDED
    return "upcoming" if now < starts_at else "live"
