"""The order's money, line by line, as shopper and staff see it: one pure function, so the storefront, the
console and the API show the same figures, and those figures add up to what was charged.

An order stores its lines' list prices (``unit_price`` x ``quantity``; their sum is ``subtotal``), the
discounts the pricing pipeline granted (``adjustments``: ``{"source", "amount", "line_key"}``, a source like
``coupon:<id>`` or ``promotion:<id>``, and ``<source>:shipping`` for money off the shipping fee), the
shipping fee charged (after its discounts), and the money paid and refunded. A line's ``line_total`` already
has its share of every discount taken off, so a page that lists line totals and then subtracts the discount
again counts the discount twice. Showing list prices, then each discount, then shipping, avoids it:

    goods (list price) - each goods discount + shipping fee - each shipping discount = total
    total = paid (once paid); paid - refunded = net
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

SHIPPING_SUFFIX = ":shipping"
# Discounts an order carries without saying where they came from (orders placed before adjustments were
# recorded, or a pipeline step that records none): shown as one line so the figures still add up.
UNNAMED = "other"

RefundState = Literal["none", "partial", "full"]


@dataclass(frozen=True, slots=True)
class DiscountLine:
    source: str  # "coupon:<id>", "promotion:<id>" or "other"
    kind: str  # "coupon" | "promotion" | "other"
    applies_to: str  # "goods" | "shipping"
    amount: int  # fen taken off, never negative


@dataclass(frozen=True, slots=True)
class MoneyBreakdown:
    currency: str
    goods: int  # list price of every line (unit price x quantity): the order's subtotal
    discounts: tuple[DiscountLine, ...]
    shipping: int  # the shipping fee before its discounts
    total: int  # what the order charges
    paid: int
    refunded: int
    net: int  # paid - refunded: what the shop keeps
    refund_state: RefundState


def refund_state(*, paid: int, refunded: int) -> RefundState:
    """``full`` once everything paid is back, ``partial`` while some is, else ``none``."""
    if refunded <= 0:
        return "none"
    return "full" if refunded >= paid else "partial"


def money_breakdown(
    *,
    currency: str,
    subtotal: int,
    adjustments: Iterable[Mapping[str, Any]],
    discount: int,
    shipping_fee: int,
    total: int,
    paid: int,
    refunded: int,
) -> MoneyBreakdown:
    """The order's money as lines that sum to ``total``: goods at list price, each discount (goods, then
    shipping) once per source, shipping before its discounts. Goods discounts the adjustments do not account
    for (the stored ``discount`` is the truth) show as one ``other`` line, so the sum never drifts."""
    goods_off: dict[str, int] = {}
    shipping_off: dict[str, int] = {}
    for adjustment in adjustments:
        source, amount = str(adjustment.get("source") or UNNAMED), int(adjustment.get("amount") or 0)
        if amount <= 0:
            continue
        if source.endswith(SHIPPING_SUFFIX):
            base = source.removesuffix(SHIPPING_SUFFIX)
            shipping_off[base] = shipping_off.get(base, 0) + amount
        else:
            goods_off[source] = goods_off.get(source, 0) + amount
    unexplained = discount - sum(goods_off.values())
    if unexplained > 0:
        goods_off[UNNAMED] = goods_off.get(UNNAMED, 0) + unexplained
    elif unexplained < 0:  # adjustments claim more than the order took off: trust the order
        goods_off = {UNNAMED: discount} if discount else {}
    discounts = tuple(_line(source, "goods", amount) for source, amount in goods_off.items()) + tuple(
        _line(source, "shipping", amount) for source, amount in shipping_off.items()
    )
    shipping = shipping_fee + sum(shipping_off.values())
    return MoneyBreakdown(
        currency=currency, goods=subtotal, discounts=discounts, shipping=shipping, total=total, paid=paid,
        refunded=refunded, net=paid - refunded, refund_state=refund_state(paid=paid, refunded=refunded),
    )  # fmt: skip


def shown_total(breakdown: MoneyBreakdown) -> int:
    """What the lines of the breakdown come to: the invariant every page relies on is that it is the total."""
    return breakdown.goods - sum(d.amount for d in breakdown.discounts) + breakdown.shipping


def _line(source: str, applies_to: str, amount: int) -> DiscountLine:
    kind = source.split(":", 1)[0]
    return DiscountLine(source, kind if kind in ("coupon", "promotion") else UNNAMED, applies_to, amount)
