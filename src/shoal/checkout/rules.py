"""The pure steps of the pricing pipeline: each takes a ``PricingState`` and returns a new one.

Amounts are integer fen. Discounts arrive as ``Adjustment`` requests (from promotion, coupon or
member-price steps that later plug in before ``item_discounts``/``order_discounts``); these steps cap
them so that no line and no total ever goes below zero, and spread order-level discounts over the lines
by largest remainder so that the line shares add up exactly to the order discount.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from shoal.checkout import shipping
from shoal.core.money import allocate

NO_DELIVERY = "none"
SHIP = "ship"
PICKUP = "pickup"
SAME_CITY = "same_city"
DELIVERY_METHODS = (SHIP, PICKUP, SAME_CITY)


@dataclass(frozen=True, slots=True)
class PricedLine:
    key: str
    variant_id: str
    quantity: int
    unit_price: int
    weight_grams: int = 0
    subtotal: int = 0
    item_discount: int = 0
    order_discount: int = 0

    @property
    def discount(self) -> int:
        return self.item_discount + self.order_discount

    @property
    def total(self) -> int:
        return self.subtotal - self.discount


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A discount asked for by a step (``source`` says which: ``coupon:SPRING``), or granted by the pipeline."""

    source: str
    amount: int
    line_key: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """How the order leaves the shop. ``rules`` are express templates, or the one chosen same-city rule."""

    method: str = NO_DELIVERY
    province: str | None = None
    distance_metres: int | None = None
    rules: tuple[shipping.ShippingRule, ...] = ()


@dataclass(frozen=True, slots=True)
class PricingState:
    currency: str
    lines: tuple[PricedLine, ...]
    delivery: Delivery = Delivery()
    requested: tuple[Adjustment, ...] = ()
    applied: tuple[Adjustment, ...] = ()
    subtotal: int = 0
    discount: int = 0
    shipping: int = 0
    total: int = 0
    delivery_fee: int = 0  # the template's fee before its free-over threshold
    free_shipping_over: int | None = None  # the template's threshold, judged on ``merchandise``

    @property
    def merchandise(self) -> int:
        """What the goods cost after discounts: the basis of free-shipping thresholds."""
        return sum(line.total for line in self.lines)


def base_prices(state: PricingState) -> PricingState:
    lines = tuple(
        replace(li, subtotal=li.unit_price * li.quantity, item_discount=0, order_discount=0) for li in state.lines
    )
    return replace(state, lines=lines, applied=())


def item_discounts(state: PricingState) -> PricingState:
    """Apply line-level requests in order, each capped by what is left of its line."""
    lines = {li.key: li for li in state.lines}
    applied = list(state.applied)
    for adj in state.requested:
        line = lines.get(adj.line_key) if adj.line_key else None
        if line is None or adj.amount <= 0:
            continue
        granted = min(adj.amount, line.total)
        lines[line.key] = replace(line, item_discount=line.item_discount + granted)
        applied.append(replace(adj, amount=granted))
    return replace(state, lines=tuple(lines[li.key] for li in state.lines), applied=tuple(applied))


def order_discounts(state: PricingState) -> PricingState:
    """Sum order-level requests, cap them at the goods' remaining value, and spread them over the lines."""
    lines = list(state.lines)
    applied = list(state.applied)
    remaining = sum(li.total for li in lines)
    granted_total = 0
    for adj in state.requested:
        if adj.line_key is not None or adj.amount <= 0:
            continue
        granted = min(adj.amount, remaining - granted_total)
        granted_total += granted
        applied.append(replace(adj, amount=granted))
    if granted_total:
        shares = allocate(granted_total, [li.total for li in lines])
        lines = [replace(li, order_discount=li.order_discount + s) for li, s in zip(lines, shares, strict=True)]
    return replace(state, lines=tuple(lines), applied=tuple(applied))


def shipping_fee(state: PricingState) -> PricingState:
    """A shop without any shipping template ships free; once it has some, an unlisted region is refused. The fee
    and its free-over threshold are kept apart, so a later step that discounts the goods (marketing) judges the
    threshold again on what the goods then cost."""
    delivery = state.delivery
    rule: shipping.ShippingRule | None = None
    fee = 0
    if delivery.method == SHIP and delivery.province is not None and delivery.rules:
        rule = shipping.match_template(delivery.rules, delivery.province)
        weight = sum(li.weight_grams * li.quantity for li in state.lines)
        pieces = sum(li.quantity for li in state.lines)
        fee = shipping.express_fee(rule, weight_grams=weight, pieces=pieces)
    elif delivery.method == SAME_CITY and delivery.rules and delivery.distance_metres is not None:
        rule = delivery.rules[0]
        fee = shipping.same_city_fee(rule, distance_metres=delivery.distance_metres)
    over = rule.free_over if rule is not None else None
    return replace(
        state, shipping=shipping.charged(fee, over, state.merchandise), delivery_fee=fee, free_shipping_over=over
    )


def totals(state: PricingState) -> PricingState:
    subtotal = sum(li.subtotal for li in state.lines)
    discount = sum(li.discount for li in state.lines)
    return replace(state, subtotal=subtotal, discount=discount, total=subtotal - discount + state.shipping)
