"""Pure rules of stored value: how a spend or a refund splits between principal and bonus, gift card codes."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read off cards and typed
CODE_LENGTH = 16
TOP_UP_PREFIX = "tu"  # no UUID starts with it: payments tells a top-up from an order by it


def split(amount: int, principal: int, bonus: int) -> tuple[int, int]:
    """A spend of ``amount`` (at most the balance) consumes principal and bonus in proportion: principal's
    share rounded down, bonus the rest, so neither part exceeds what is there."""
    total = principal + bonus
    if total <= 0:
        return 0, 0
    from_principal = amount * principal // total
    return from_principal, amount - from_principal


def returned(refunded_total: int, paid: int, parts: tuple[int, int], back_already: tuple[int, int]) -> tuple[int, int]:
    """What a refund reaching ``refunded_total`` of a balance payment of ``paid`` gives back, as (principal,
    bonus), in the proportion the payment took them, given what went back before (never negative: a later
    refund delivered first already returned more): all refunds together return exactly the parts taken."""
    if paid <= 0:
        return 0, 0
    upto = min(refunded_total, paid)
    principal = parts[0] * upto // paid
    return max(0, principal - back_already[0]), max(0, (upto - principal) - back_already[1])


def withdrawal_shares(principal: int, left_newest_first: list[int]) -> list[int] | None:
    """How a withdrawal of ``principal`` is paid back over the top-ups that brought money in, newest first (the
    unused money is the latest paid in): each gives back at most what its payment has left to refund, exact
    to the fen; ``None`` when together they cannot cover it (principal adjusted in by staff, say)."""
    if principal > sum(left_newest_first):
        return None
    remaining, shares = principal, []
    for left in left_newest_first:
        shares.append(min(left, remaining))
        remaining -= shares[-1]
    return shares


def gift_card_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def top_up_id(uuid_text: str) -> str:
    return TOP_UP_PREFIX + uuid_text[len(TOP_UP_PREFIX) :]
