"""One evaluation: apply a set of rules to a fresh state in their fixed order and keep what each gave or why
it gave nothing. ``Contender`` is a promotion or a held coupon, flattened for the engine, with the cart lines
its scope covers computed once per pricing call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from shoal.core.money import allocate
from shoal.marketing.engine import reasons
from shoal.marketing.engine.benefits import Stage
from shoal.marketing.engine.benefits_item import ItemPrice, PriceOffer, best_unit_prices
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
    """The part of ``effect`` a budget covers. Units are claimed in proportion (rounded up), so a rule its budget
    only partly covers leaves the units it cannot discount free for other item-level rules."""
    goods = effect.goods
    parts = allocate(budget, [*effect.per_line.values(), effect.shipping])
    per_line = {i: p for i, p in zip(effect.per_line, parts, strict=False) if p}
    covered = sum(per_line.values())
    units = {i: -(-n * covered // goods) for i, n in effect.units.items()} if goods else dict(effect.units)
    return Effect(
        per_line=per_line, units={i: n for i, n in units.items() if n}, shipping=parts[-1], gifts=effect.gifts
    )


def _thresholds(state: PricingState, contender: Contender) -> Refused | None:
    condition = contender.condition
    if condition.min_spend:
        base = state.base(contender.lines)
        if base < condition.min_spend:
            return Refused(reasons.SPEND_BELOW_THRESHOLD, {"shortfall": condition.min_spend - base, "base": base})
    if condition.min_quantity:
        bought = state.quantity(contender.lines)
        if bought < condition.min_quantity:
            return Refused(reasons.QUANTITY_BELOW_THRESHOLD, {"shortfall": condition.min_quantity - bought})
    return None


def apply_one(state: PricingState, contender: Contender) -> Effect | Refused:
    refused = _thresholds(state, contender)
    if refused is not None:
        return refused
    outcome = contender.benefit.apply(state, contender.lines)
    if isinstance(outcome, Refused) or contender.budget_left is None:
        return outcome
    if contender.budget_left <= 0:
        return Refused(reasons.BUDGET_EXHAUSTED)
    return _cap(outcome, contender.budget_left) if outcome.value > contender.budget_left else outcome


def is_unit_price(contender: Contender) -> bool:
    """Item prices of promotions are weighed together, unit by unit (``best_unit_prices``)."""
    return contender.source == PROMOTION and isinstance(contender.benefit, ItemPrice)


def _unit_prices(state: PricingState, members: tuple[Contender, ...]) -> dict[str, Effect | Refused]:
    block = [c for c in members if is_unit_price(c)]
    outcomes: dict[str, Effect | Refused] = {}
    offers: list[PriceOffer] = []
    for contender in block:
        refused = _thresholds(state, contender)
        if refused is not None:
            outcomes[contender.ref] = refused
        else:
            offers.append((cast(ItemPrice, contender.benefit), contender.lines, contender.budget_left))
    priced = iter(best_unit_prices(state, offers))
    for contender in block:
        if contender.ref not in outcomes:
            outcomes[contender.ref] = next(priced)
    return outcomes


def evaluate(cart: CartSnapshot, members: tuple[Contender, ...]) -> Evaluation:
    """Apply ``members`` (in stage order, see ``stacking.in_stage_order``) to a fresh state. The promotions'
    item prices are settled together where the first of them stands; the shipping fee's free-over threshold
    is judged once the goods are discounted, before any shipping benefit."""
    state = PricingState(cart)
    effects: dict[str, Effect] = {}
    refusals: dict[str, Refused] = {}
    priced_together = False
    for contender in members:
        if contender.stage is Stage.SHIPPING:
            state.settle_shipping()
        if is_unit_price(contender):
            if priced_together:
                continue
            priced_together = True
            outcomes = _unit_prices(state, members)
        else:
            outcomes = {contender.ref: apply_one(state, contender)}
        for ref, outcome in outcomes.items():
            if isinstance(outcome, Refused):
                refusals[ref] = outcome
            else:
                state.commit(outcome)
                effects[ref] = outcome
    state.settle_shipping()
    return Evaluation(members, state, effects, refusals)
