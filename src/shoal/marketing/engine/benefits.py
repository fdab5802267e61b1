"""What a rule gives, and at which stage. Stages run in order: item-level prices (limited-time, member, N-items,
bundles, exchanges) reprice units; order-level benefits (spend-and-save, percent off, gifts) then see what the
lines cost after that; shipping comes last. Item-level benefits claim the units they reprice, so one unit never
gets two item prices (the usual rule of Chinese retail: 单品优惠不叠加); order-level benefits stack on top.

Every benefit's value only grows with its base (the amount or units still in play), and earlier benefits only
shrink bases. The search in ``stacking.py`` relies on that to prune: a coupon priced alone on the undiscounted cart
is an upper bound of what it can add to any combination."""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum

from shoal.core.money import allocate
from shoal.marketing.engine.reasons import money_label
from shoal.marketing.engine.state import PricingState


class Stage(IntEnum):
    ITEM = 0
    ORDER = 1
    SHIPPING = 2


def spread(amount: int, state: PricingState, lines: tuple[int, ...]) -> dict[int, int]:
    """Allocate an order-level discount over ``lines`` in proportion to what they still cost (largest
    remainder). The caller caps ``amount`` at the lines' total, so no line is pushed below zero."""
    parts = allocate(amount, [state.remaining[i] for i in lines])
    return {i: part for i, part in zip(lines, parts, strict=True) if part}


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_label(basis_points: int) -> str:
    return _plain(Decimal(basis_points) / 100) + "%"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def zhe_label(pay_basis_points: int) -> str:
    """Chinese retail says what you pay, in tenths: paying 85% is 8.5折; paying nothing is 免费."""
    if pay_basis_points == 0:
        return "免费"
    return _plain(Decimal(pay_basis_points) / 1000) + "折"


def threshold_texts(threshold: int, currency: str) -> tuple[str, str]:
    """The zh-CN prefix (满199) and the en suffix (on ¥199+) of a spend threshold; empty when there is none."""
    if threshold <= 0:
        return "", ""
    label = money_label(threshold, currency)
    return "满" + label.lstrip("¥"), f" on {label}+"
