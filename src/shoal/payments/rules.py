"""Pure rules of payments: payment numbers that carry their tenant, status moves, refund limits.

Why the number carries the tenant: a provider's notification arrives with no tenant, only our
``out_trade_no``. Row-level security hides every payment until the tenant is known, so the number
itself names it: 22 base62 characters of the tenant's UUID, then 10 random base62 characters
(59 bits; uniqueness is still enforced per tenant by a unique key). 32 characters fit WeChat Pay's
limit (32, alphanumeric) and Alipay's (64). A global lookup table would also work, but it would be
the one table holding tenant data outside row-level security; the number needs no table at all.
"""

from __future__ import annotations

import secrets
import uuid

from shoal.core.money import allocate

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
TENANT_CHARS = 22
RANDOM_CHARS = 10
NUMBER_LENGTH = TENANT_CHARS + RANDOM_CHARS

PROVIDERS = ("mock", "wechatpay", "alipay")
STATUSES = ("pending", "succeeded", "failed", "closed", "refunded", "partially_refunded")
# A payment that failed can still succeed: WeChat Pay reports PAYERROR, then the shopper retries the same prepay.
SUCCEEDABLE = ("pending", "failed")
REFUNDABLE = ("succeeded", "partially_refunded")
PAID = ("succeeded", "partially_refunded", "refunded")
# Genuine notifications that took money we did not expect: reconciliation lists them for staff.
FLAGGED_OUTCOMES = ("amount_mismatch", "order_already_paid", "order_closed", "order_unfulfillable")
# Money that reached an order that cannot take it goes back to the shopper at once, in full. (An amount
# mismatch is left to staff: the payment itself stays pending and what was paid is in doubt.)
REFUNDED_OUTCOMES = ("order_already_paid", "order_closed", "order_unfulfillable")
# What the notification records for each answer of ``orders.mark_paid``.
OUTCOME_OF_PAID = {
    "paid": "applied",
    "already_paid": "order_already_paid",
    "not_payable": "order_closed",
    "out_of_stock": "order_unfulfillable",
}


def _encode(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, digit = divmod(value, 62)
        chars.append(BASE62[digit])
    if value:
        raise ValueError("value does not fit")
    return "".join(reversed(chars))


def _decode(text: str) -> int:
    value = 0
    for char in text:
        value = value * 62 + BASE62.index(char)
    return value


def payment_number(tenant_id: str, random_part: int | None = None) -> str:
    """Our ``out_trade_no``: the tenant's UUID in base62, then randomness."""
    tenant = uuid.UUID(tenant_id).int
    tail = secrets.randbits(59) if random_part is None else random_part
    return _encode(tenant, TENANT_CHARS) + _encode(tail, RANDOM_CHARS)


def tenant_of_number(number: str) -> str | None:
    """The tenant a payment number names, or ``None`` if it is not one of ours."""
    if len(number) != NUMBER_LENGTH or any(char not in BASE62 for char in number):
        return None
    value = _decode(number[:TENANT_CHARS])
    if value >= 1 << 128:
        return None
    return str(uuid.UUID(int=value))


def status_after_refund(amount: int, refunded: int) -> str:
    return "refunded" if refunded >= amount else "partially_refunded"


def refundable(amount: int, refunded: int) -> int:
    """What may still be refunded; never negative."""
    return max(amount - refunded, 0)


def split_refund(amount: int, left: list[int]) -> list[int] | None:
    """Split a refund of an order over the payments that paid it, in proportion to what each has left to
    refund (largest remainder, exact to the fen); ``None`` if it is more than they have left together.

    No share exceeds its payment's remainder: a share is at most the ceiling of ``amount * left / total``,
    which is at most ``left`` when ``amount <= total``.
    """
    if amount > sum(left):
        return None
    return allocate(amount, left) if left else []
