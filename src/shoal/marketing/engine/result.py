"""What pricing returns: totals, each line's share of each discount to the fen (kept on the order for partial
refunds), the gifts, and an explanation of every rule considered."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.marketing.engine.benefits import Stage
from shoal.marketing.engine.state import GiftLine


@dataclass(frozen=True, slots=True)
class LineShare:
    line_id: str
    amount: int


@dataclass(frozen=True, slots=True)
class AppliedDiscount:
    rule_id: str  # the promotion, or the coupon's template
    coupon_id: str | None
    source: str  # "promotion" | "coupon"
    stage: Stage
    amount: int  # off the goods; equals the sum of ``allocations``
    shipping: int  # off the shipping fee
    allocations: tuple[LineShare, ...]
    gifts: tuple[GiftLine, ...]
    first_order: bool = False  # the rule is for new customers only (新客首单): checkout claims the shopper's one


@dataclass(frozen=True, slots=True)
class Explanation:
    rule_id: str
    coupon_id: str | None
    source: str
    stage: Stage
    applied: bool
    reason: str
    message: dict[str, str]
    discount: int  # goods plus shipping this rule gave; 0 when not applied


@dataclass(frozen=True, slots=True)
class PricedLine:
    line_id: str
    subtotal: int
    discount: int
    total: int


@dataclass(frozen=True, slots=True)
class PricingResult:
    currency: str
    subtotal: int
    shipping_fee: int  # after the fee's own free-over threshold, before shipping benefits
    goods_discount: int
    shipping_discount: int
    total: int  # what the shopper pays: subtotal + shipping fee - both discounts
    lines: tuple[PricedLine, ...]
    discounts: tuple[AppliedDiscount, ...]
    gifts: tuple[GiftLine, ...]
    explanation: tuple[Explanation, ...]
    combinations_evaluated: int
    search_capped: bool  # the evaluation cap stopped the search before the bound proved the best

    @property
    def undiscounted_total(self) -> int:
        return self.subtotal + self.shipping_fee

    @property
    def first_order_offer(self) -> bool:
        """Whether a first-order rule applied: at most one live order of a shopper may have one."""
        return any(d.first_order for d in self.discounts)

    @property
    def applied_coupon_ids(self) -> tuple[str, ...]:
        return tuple(d.coupon_id for d in self.discounts if d.coupon_id)
