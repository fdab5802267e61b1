"""Order-level and shipping benefits: they see the in-scope lines as they stand after item-level prices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from shoal.core.money import percent_of
from shoal.marketing.engine import reasons
from shoal.marketing.engine.benefits import Stage, percent_label, spread, threshold_texts, zhe_label
from shoal.marketing.engine.reasons import money_label
from shoal.marketing.engine.state import Effect, GiftLine, PricingState, Refused


@dataclass(frozen=True, slots=True)
class Tier:
    """Spend ``threshold`` (fen, 0 = no threshold) to get ``value``: fen off, or basis points off."""

    threshold: int
    value: int


def _tiers(tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
    if not tiers or any(t.threshold < 0 or t.value <= 0 for t in tiers):
        raise ValueError("a benefit needs tiers with non-negative thresholds and positive values")
    ordered = tuple(sorted(tiers, key=lambda t: (t.threshold, t.value)))
    if len({t.threshold for t in ordered}) != len(ordered):
        raise ValueError("tier thresholds must be distinct")
    return ordered


def _reach(tiers: tuple[Tier, ...], base: int) -> Tier | Refused:
    reached = [t for t in tiers if t.threshold <= base]
    if reached:
        return reached[-1]
    return Refused(
        reasons.SPEND_BELOW_THRESHOLD, {"shortfall": tiers[0].threshold - base, "tier": tiers[0], "base": base}
    )


@dataclass(frozen=True, slots=True)
class AmountOff:
    """满减 (tiers: spend ¥199 get ¥20 off, ¥299 get ¥40) or, with ``repeat``, 每满减 (¥20 off every ¥199, at most
    ``max_repeats`` times, or at most ``cap`` fen in all: 每满100减10，最多减50). A fixed-amount coupon is one tier;
    threshold 0 is 无门槛."""

    stage: ClassVar[Stage] = Stage.ORDER
    tiers: tuple[Tier, ...]
    repeat: bool = False
    max_repeats: int | None = None
    cap: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", _tiers(self.tiers))
        if self.repeat and (len(self.tiers) != 1 or self.tiers[0].threshold <= 0):
            raise ValueError("a repeating spend-and-save has exactly one tier with a positive threshold")
        if self.cap is not None and self.cap <= 0:
            raise ValueError("a cap must be positive")

    def tier_text(self, tier: Tier, currency: str) -> dict[str, str]:
        zh, en = threshold_texts(tier.threshold, currency)
        off = money_label(tier.value, currency)
        if self.repeat:
            cap = money_label(self.cap, currency) if self.cap is not None else ""
            return {
                "zh-CN": f"每{zh}减{off.lstrip('¥')}" + (f"，最多减{cap.lstrip('¥')}" if cap else ""),
                "en": f"{off} off every {money_label(tier.threshold, currency)}" + (f", up to {cap}" if cap else ""),
            }
        return {"zh-CN": f"{zh}减{off.lstrip('¥')}" if zh else f"立减{off}", "en": f"{off} off{en}"}

    def describe(self, currency: str) -> dict[str, str]:
        return self.tier_text(self.tiers[0], currency)

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        base = state.base(lines)
        tier = _reach(self.tiers, base)
        if isinstance(tier, Refused):
            return Refused(
                tier.reason, {**tier.params, "benefit": self.tier_text(tier.params["tier"], state.cart.currency)}
            )
        amount = tier.value
        if self.repeat:
            times = base // tier.threshold
            amount = tier.value * (times if self.max_repeats is None else min(times, self.max_repeats))
        amount = min(amount, base, self.cap if self.cap is not None else amount)
        if amount <= 0:
            return Refused(reasons.NO_BENEFIT)
        return Effect(per_line=spread(amount, state, lines))


@dataclass(frozen=True, slots=True)
class PercentOff:
    """满折 (spend ¥300, pay 90%: a tier of 1 000 basis points off) or a percentage coupon, capped at ``cap``;
    10 000 basis points is 免单 (the goods in scope free, usually with a cap)."""

    stage: ClassVar[Stage] = Stage.ORDER
    tiers: tuple[Tier, ...]
    cap: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", _tiers(self.tiers))
        if any(t.value > 10_000 for t in self.tiers) or (self.cap is not None and self.cap <= 0):
            raise ValueError("percent off must be at most 100% and a cap positive")

    def tier_text(self, tier: Tier, currency: str) -> dict[str, str]:
        zh, en = threshold_texts(tier.threshold, currency)
        pay = "免单" if tier.value == 10_000 else zhe_label(10_000 - tier.value)
        return {"zh-CN": f"{zh}享{pay}" if zh else pay, "en": f"{percent_label(tier.value)} off{en}"}

    def describe(self, currency: str) -> dict[str, str]:
        return self.tier_text(self.tiers[0], currency)

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        base = state.base(lines)
        tier = _reach(self.tiers, base)
        if isinstance(tier, Refused):
            return Refused(
                tier.reason, {**tier.params, "benefit": self.tier_text(tier.params["tier"], state.cart.currency)}
            )
        amount = percent_of(base, tier.value)
        if self.cap is not None:
            amount = min(amount, self.cap)
        if amount <= 0:
            return Refused(reasons.NO_BENEFIT)
        return Effect(per_line=spread(amount, state, lines))


@dataclass(frozen=True, slots=True)
class Gift:
    """A free gift line at zero price, within ``stock``. With ``per_quantity`` it is buy X get Y (买2赠1: every
    2 in-scope units earn ``quantity`` gifts); without, a gift coupon or a spend threshold gift (赠品)."""

    stage: ClassVar[Stage] = Stage.ORDER
    variant_id: str
    product_id: str
    unit_value: int
    stock: int
    quantity: int = 1
    per_quantity: int = 0

    def describe(self, currency: str) -> dict[str, str]:
        if self.per_quantity:
            return {
                "zh-CN": f"买{self.per_quantity}赠{self.quantity}",
                "en": f"buy {self.per_quantity} get {self.quantity} free",
            }
        return {"zh-CN": f"赠品×{self.quantity}", "en": f"{self.quantity} free gift(s)"}

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        multiples = 1
        if self.per_quantity:
            bought = state.quantity(lines)
            if bought < self.per_quantity:
                return Refused(reasons.QUANTITY_BELOW_THRESHOLD, {"shortfall": self.per_quantity - bought})
            multiples = bought // self.per_quantity
        give = min(multiples * self.quantity, self.stock - state.gift_taken.get(self.variant_id, 0))
        if give <= 0:
            return Refused(reasons.GIFT_OUT_OF_STOCK)
        return Effect(gifts=(GiftLine(self.variant_id, self.product_id, give, self.unit_value),))


@dataclass(frozen=True, slots=True)
class FreeShipping:
    """包邮 (over a threshold: put it in the condition's ``min_spend``); ``cap`` limits the fee waived."""

    stage: ClassVar[Stage] = Stage.SHIPPING
    cap: int | None = None

    def describe(self, currency: str) -> dict[str, str]:
        return {"zh-CN": "包邮", "en": "free shipping"}

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        waived = state.shipping if self.cap is None else min(state.shipping, self.cap)
        if waived <= 0:
            return Refused(reasons.NO_BENEFIT)
        return Effect(shipping=waived)
