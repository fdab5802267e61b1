"""One evaluation: apply a set of rules to a fresh state in their fixed order and keep what each gave or why
it gave nothing. ``Contender`` is a promotion or a held coupon, flattened for the engine, with the cart lines
its scope covers computed once per pricing call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shoal.core.money import allocate
from shoal.marketing.engine import reasons
from shoal.marketing.engine.benefits import Stage
from shoal.marketing.engine.cart import CartSnapshot
from shoal.marketing.engine.conditions import Condition
from shoal.marketing.engine.offers import Benefit, Mode
from shoal.marketing.engine.state import Effect, PricingState, Refused

PROMOTION = "promotion"
COUPON = "coupon"


@dataclass(frozen=True, slots=True)
class Contender:
    rule_id: str
    coupon_id: str | None
    source: str
    benefit: Benefit
    condition: Condition
    name: dict[str, str] = field(hash=False, compare=False)
    lines: tuple[int, ...]
    mode: Mode = Mode.STACKABLE
    group: str = ""
    priority: int = 0
    budget_left: int | None = None
    stacks_with_promotions: bool = True
    stacks_with_coupons: bool = True

    @property
    def ref(self) -> str:
        return self.coupon_id or self.rule_id

    @property
    def stage(self) -> Stage:
        return self.benefit.stage

    @property
    def key(self) -> tuple[Any, ...]:
        """Stage, then promotions before coupons, then priority (higher first), then ids: a total order that
        makes the result independent of the order rules arrive in."""
        return (self.stage, self.source != PROMOTION, -self.priority, self.rule_id, self.coupon_id or "")

    def describe(self, currency: str) -> dict[str, str]:
        return self.benefit.describe(currency)


@dataclass(slots=True)
class Evaluation:
    members: tuple[Contender, ...]
    state: PricingState
    effects: dict[str, Effect]
    refusals: dict[str, Refused]

    @property
    def total(self) -> int:
        return sum(self.state.remaining) + self.state.shipping

    @property
    def gift_value(self) -> int:
        return sum(g.quantity * g.unit_value for e in self.effects.values() for g in e.gifts)

    @property
    def coupons_applied(self) -> int:
        return sum(1 for m in self.members if m.source == COUPON and m.ref in self.effects)

    @property
    def rank(self) -> tuple[Any, ...]:
        """Lowest total first; then more gift value; then fewer coupons spent (the shopper keeps the rest);
        then the applied ids, so equal outcomes still resolve the same way every time."""
        return (self.total, -self.gift_value, self.coupons_applied, tuple(sorted(self.effects)))


def _cap(effect: Effect, budget: int) -> Effect:
    parts = allocate(budget, [*effect.per_line.values(), effect.shipping])
    per_line = {i: p for i, p in zip(effect.per_line, parts, strict=False) if p}
    return Effect(per_line=per_line, units=effect.units, shipping=parts[-1], gifts=effect.gifts)


def apply_one(state: PricingState, contender: Contender) -> Effect | Refused:
    condition = contender.condition
    if condition.min_spend:
        base = state.base(contender.lines)
        if base < condition.min_spend:
            return Refused(reasons.SPEND_BELOW_THRESHOLD, {"shortfall": condition.min_spend - base})
    if condition.min_quantity:
        bought = state.quantity(contender.lines)
        if bought < condition.min_quantity:
            return Refused(reasons.QUANTITY_BELOW_THRESHOLD, {"shortfall": condition.min_quantity - bought})
    outcome = contender.benefit.apply(state, contender.lines)
    if isinstance(outcome, Refused) or contender.budget_left is None:
        return outcome
    if contender.budget_left <= 0:
        return Refused(reasons.BUDGET_EXHAUSTED)
    return _cap(outcome, contender.budget_left) if outcome.value > contender.budget_left else outcome


def evaluate(cart: CartSnapshot, members: tuple[Contender, ...]) -> Evaluation:
    """Apply ``members`` (already sorted by ``Contender.key``) to a fresh state."""
    state = PricingState(cart)
    effects: dict[str, Effect] = {}
    refusals: dict[str, Refused] = {}
    for contender in members:
        outcome = apply_one(state, contender)
        if isinstance(outcome, Refused):
            refusals[contender.ref] = outcome
        else:
            state.commit(outcome)
            effects[contender.ref] = outcome
    return Evaluation(members, state, effects, refusals)
