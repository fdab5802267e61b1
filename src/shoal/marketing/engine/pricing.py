"""``price(cart, promotions, coupons)``: the engine's one entry point. Pure: same input, same result."""

from __future__ import annotations

from typing import Any

from shoal.marketing.engine import reasons
from shoal.marketing.engine.cart import CartSnapshot
from shoal.marketing.engine.evaluate import COUPON, PROMOTION, Contender, Evaluation, evaluate
from shoal.marketing.engine.offers import CouponStatus, HeldCoupon, Mode, Promotion
from shoal.marketing.engine.reasons import money_label
from shoal.marketing.engine.result import AppliedDiscount, Explanation, LineShare, PricedLine, PricingResult
from shoal.marketing.engine.stacking import search
from shoal.marketing.engine.state import Refused


def _scope(cart: CartSnapshot, contender_scope: Any) -> tuple[int, ...]:
    return tuple(i for i, line in enumerate(cart.lines) if contender_scope.covers(line))


def _from_promotion(cart: CartSnapshot, p: Promotion) -> Contender:
    return Contender(
        rule_id=p.id,
        coupon_id=None,
        source=PROMOTION,
        benefit=p.benefit,
        condition=p.condition,
        name=p.name,
        lines=_scope(cart, p.condition.scope),
        mode=p.mode,
        group=p.group,
        priority=p.priority,
        budget_left=p.budget_left,
    )


def _from_coupon(cart: CartSnapshot, c: HeldCoupon) -> Contender:
    t = c.template
    return Contender(
        rule_id=t.id,
        coupon_id=c.id,
        source=COUPON,
        benefit=t.benefit,
        condition=t.condition,
        name=t.name,
        lines=_scope(cart, t.condition.scope),
        priority=t.priority,
        stacks_with_promotions=t.stacks_with_promotions,
        stacks_with_coupons=t.stacks_with_coupons,
    )


def _ineligible(cart: CartSnapshot, contender: Contender, coupon: HeldCoupon | None) -> str | None:
    """Refusals that no combination can change: the coupon's state, audience, channel, schedule, scope."""
    if coupon is not None:
        if coupon.status is CouponStatus.EXPIRED or (coupon.valid_until and cart.now >= coupon.valid_until):
            return reasons.COUPON_EXPIRED
        if coupon.status is not CouponStatus.AVAILABLE:
            return reasons.COUPON_UNAVAILABLE
        if coupon.valid_from and cart.now < coupon.valid_from:
            return reasons.COUPON_NOT_YET_VALID
    condition = contender.condition
    refusal = condition.schedule.refusal(cart.now) or condition.audience.refusal(cart.customer, cart.channel)
    if refusal:
        return refusal
    if not contender.lines:
        return reasons.NO_ITEMS_IN_SCOPE
    return None


def _message(cart: CartSnapshot, contender: Contender, refused: Refused) -> dict[str, str]:
    params: dict[str, Any] = {"benefit": contender.name or contender.describe(cart.currency), **refused.params}
    if refused.reason != reasons.SPEND_BELOW_THRESHOLD:
        return reasons.render(refused.reason, params)
    params["shortfall"] = money_label(params["shortfall"], cart.currency)
    counted = params.pop("base", cart.subtotal)
    if counted == cart.subtotal:
        return reasons.render(refused.reason, params)
    # The threshold counts only the rule's items, after earlier discounts: say so, with the amount it counted,
    # so a shopper whose subtotal is above the threshold can see why it is not reached.
    return reasons.render(
        reasons.SPEND_COUNTED_BELOW_THRESHOLD, {**params, "counted": money_label(counted, cart.currency)}
    )


def _not_chosen(best: Evaluation, contender: Contender) -> str:
    chosen = [m for m in best.members if m.ref in best.effects]
    if contender.source == COUPON:
        same = any(m.source == COUPON and m.rule_id == contender.rule_id for m in chosen)
        return reasons.COUPON_SAME_TEMPLATE if same else reasons.BETTER_COMBINATION
    if any(m.source == PROMOTION and m.mode is Mode.EXCLUSIVE for m in best.members):
        return reasons.EXCLUDED_BY_EXCLUSIVE
    if contender.mode is Mode.BEST_OF and any(m.group == contender.group for m in chosen if m.mode is Mode.BEST_OF):
        return reasons.NOT_BEST_IN_GROUP
    return reasons.BETTER_COMBINATION


def _check_unique(ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what} ids must be unique")


def price(cart: CartSnapshot, promotions: list[Promotion], coupons: list[HeldCoupon]) -> PricingResult:
    _check_unique([p.id for p in promotions], "promotion")
    _check_unique([c.id for c in coupons], "coupon")
    every: list[tuple[Contender, str | None]] = []
    for p in promotions:
        contender = _from_promotion(cart, p)
        every.append((contender, _ineligible(cart, contender, None)))
    for c in coupons:
        contender = _from_coupon(cart, c)
        every.append((contender, _ineligible(cart, contender, c)))
    every.sort(key=lambda pair: pair[0].key)
    eligible = [c for c, refusal in every if refusal is None]
    found = search(
        cart,
        [c for c in eligible if c.source == PROMOTION],
        [c for c in eligible if c.source == COUPON],
    )
    best = found.best
    in_best = {m.ref for m in best.members}
    explanation = []
    for contender, refusal in every:
        effect = best.effects.get(contender.ref)
        if effect is not None:
            saved = money_label(effect.value, cart.currency)
            message = reasons.render(
                reasons.APPLIED, {"benefit": contender.name or contender.describe(cart.currency), "saved": saved}
            )
            explanation.append(_explain(contender, True, reasons.APPLIED, message, effect.value))
            continue
        if refusal is not None:
            refused = Refused(refusal)
        elif contender.ref in in_best:
            refused = best.refusals[contender.ref]
        else:
            alone = evaluate(cart, (contender,))
            refused = alone.refusals.get(contender.ref) or Refused(_not_chosen(best, contender))
        explanation.append(_explain(contender, False, refused.reason, _message(cart, contender, refused), 0))
    return _result(cart, best, explanation, found.evaluated, found.capped)


def _explain(c: Contender, applied: bool, reason: str, message: dict[str, str], discount: int) -> Explanation:
    return Explanation(c.rule_id, c.coupon_id, c.source, c.stage, applied, reason, message, discount)


def _result(
    cart: CartSnapshot, best: Evaluation, explanation: list[Explanation], evaluated: int, capped: bool
) -> PricingResult:
    discounts = []
    for m in best.members:
        effect = best.effects.get(m.ref)
        if effect is None:
            continue
        shares = tuple(LineShare(cart.lines[i].id, effect.per_line[i]) for i in sorted(effect.per_line))
        discounts.append(
            AppliedDiscount(
                m.rule_id,
                m.coupon_id,
                m.source,
                m.stage,
                effect.goods,
                effect.shipping,
                shares,
                effect.gifts,
                first_order=m.condition.audience.new_customers_only,
            )
        )
    state = best.state
    lines = tuple(
        PricedLine(line.id, line.subtotal, line.subtotal - state.remaining[i], state.remaining[i])
        for i, line in enumerate(cart.lines)
    )
    subtotal = cart.subtotal
    return PricingResult(
        currency=cart.currency,
        subtotal=subtotal,
        shipping_fee=state.shipping_fee,
        goods_discount=subtotal - sum(state.remaining),
        shipping_discount=state.shipping_fee - state.shipping,
        total=best.total,
        lines=lines,
        discounts=tuple(discounts),
        gifts=tuple(g for d in discounts for g in d.gifts),
        explanation=tuple(explanation),
        combinations_evaluated=evaluated,
        search_capped=capped,
    )
