"""Item-level benefits: they reprice units that no other item-level benefit has repriced yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from shoal.core.money import allocate, percent_of
from shoal.marketing.engine import reasons
from shoal.marketing.engine.benefits import Stage, ordinal, percent_label, zhe_label
from shoal.marketing.engine.cart import CartLine
from shoal.marketing.engine.reasons import money_label
from shoal.marketing.engine.state import Effect, PricingState, Refused


def _by_price(state: PricingState, lines: tuple[int, ...]) -> list[int]:
    """Dearest lines first (ties by cart position): N-items and exchanges take the dearest units, the way a
    cashier counts them, and the order never depends on how the rules were listed."""
    return sorted(lines, key=lambda i: (-state.cart.lines[i].unit_price, i))


def _nothing_free(state: PricingState, lines: tuple[int, ...]) -> Refused | None:
    if lines and not any(state.free_units[i] for i in lines):
        return Refused(reasons.ITEMS_ALREADY_DISCOUNTED)
    return None


@dataclass(frozen=True, slots=True)
class ItemPrice:
    """Limited-time price (限时折扣) or member / customer-group price: a fixed price per SKU, or a percentage
    paid on every in-scope unit (``pay_bp``: 9 500 = 95%). ``limit_per_order`` caps the units at that price."""

    stage: ClassVar[Stage] = Stage.ITEM
    prices: tuple[tuple[str, int], ...] = ()
    pay_bp: int | None = None
    limit_per_order: int | None = None

    def __post_init__(self) -> None:
        if not self.prices and self.pay_bp is None:
            raise ValueError("an item price needs SKU prices or a percentage")
        if self.pay_bp is not None and not 0 <= self.pay_bp < 10_000:
            raise ValueError("pay_bp must be in [0, 10000)")
        if any(price < 0 for _, price in self.prices):
            raise ValueError("prices must not be negative")

    def describe(self, currency: str) -> dict[str, str]:
        if self.prices:
            return {"zh-CN": "特价", "en": "the special price"}
        return {
            "zh-CN": f"会员{zhe_label(self.pay_bp or 0)}",
            "en": f"{percent_label(10_000 - (self.pay_bp or 0))} off",
        }

    def off_per_unit(self, line: CartLine) -> int | None:
        """What one unit of ``line`` saves, in 1/10 000 fen (exact, so rules compare before any rounding);
        ``None`` when the rule does not price this SKU."""
        for variant, price in self.prices:
            if variant == line.variant_id:
                return (line.unit_price - price) * 10_000
        return None if self.pay_bp is None else line.unit_price * (10_000 - self.pay_bp)

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        return best_unit_prices(state, [(self, lines, None)])[0]


PriceOffer = tuple[ItemPrice, tuple[int, ...], int | None]  # the rule, the lines it covers, its budget left


def best_unit_prices(state: PricingState, offers: list[PriceOffer]) -> list[Effect | Refused]:
    """Several item prices at once: every free unit gets the lowest price any of them offers it (a member
    price and a limited-time price on one SKU: the cheaper wins, unit by unit). Ties go to the earlier offer.
    A per-order limit or a budget goes to the units it saves most on; a unit a budget covers only in part is
    claimed, the units it cannot reach stay free. A line's discount is rounded once, half-up, on the line."""
    wanted = sorted(
        (-off, n, i)
        for n, (rule, lines, _) in enumerate(offers)
        for i in lines
        if (off := rule.off_per_unit(state.cart.lines[i])) is not None and off > 0
    )
    free = list(state.free_units)
    limit = [rule.limit_per_order for rule, _, _ in offers]
    budget = [left for _, _, left in offers]
    per_line: list[dict[int, int]] = [{} for _ in offers]
    units: list[dict[int, int]] = [{} for _ in offers]
    for negative_off, n, i in wanted:
        take = free[i] if limit[n] is None else min(free[i], limit[n])
        if budget[n] is not None:
            take = min(take, -(-budget[n] * 10_000 // -negative_off))
        if take <= 0:
            continue
        amount = percent_of(take, -negative_off)
        if budget[n] is not None:
            amount = min(amount, budget[n])
            budget[n] -= amount
        if not amount:
            continue  # saves less than half a fen on the line: the units stay free for another rule
        free[i] -= take
        units[n][i] = take
        per_line[n][i] = amount
        if limit[n] is not None:
            limit[n] -= take
    return [
        Effect(per_line=per_line[n], units=units[n]) if units[n] else _no_unit(state, offer, wanted, n)
        for n, offer in enumerate(offers)
    ]


def _no_unit(state: PricingState, offer: PriceOffer, wanted: list[tuple[int, int, int]], n: int) -> Refused:
    rule, lines, budget = offer
    if budget is not None and budget <= 0:
        return Refused(reasons.BUDGET_EXHAUSTED)
    if any(m == n for _, m, _ in wanted):
        return Refused(reasons.ITEMS_ALREADY_DISCOUNTED)
    matched = any(rule.off_per_unit(state.cart.lines[i]) is not None for i in lines)
    return Refused(reasons.NO_BENEFIT if matched else reasons.ITEM_NOT_IN_CART)


@dataclass(frozen=True, slots=True)
class NItemsDiscount:
    """第二件半价 (n=2, pay 50% for every 2nd), 3 for 2 (n=3, pay 0 for every 3rd), N件M折 (``every_nth``
    False: every unit of each complete group of n pays ``pay_bp``). Units are counted dearest first; every unit
    of a complete group is claimed, so the group cannot also take another item price."""

    stage: ClassVar[Stage] = Stage.ITEM
    n: int
    pay_bp: int
    every_nth: bool = True

    def __post_init__(self) -> None:
        if self.n < 1 or not 0 <= self.pay_bp < 10_000:
            raise ValueError("n must be positive and pay_bp in [0, 10000)")

    def describe(self, currency: str) -> dict[str, str]:
        zhe, off = zhe_label(self.pay_bp), percent_label(10_000 - self.pay_bp)
        if self.every_nth:
            en = f"every {ordinal(self.n)} item free" if self.pay_bp == 0 else f"{off} off every {ordinal(self.n)} item"
            return {"zh-CN": f"第{self.n}件{zhe}", "en": en}
        return {"zh-CN": f"{self.n}件{zhe}", "en": f"{off} off when you buy {self.n}"}

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        order = [i for i in _by_price(state, lines) if state.free_units[i]]
        total = sum(state.free_units[i] for i in order)
        if not total:
            return _nothing_free(state, lines) or Refused(reasons.NO_ITEMS_IN_SCOPE)
        if total < self.n:
            return Refused(reasons.QUANTITY_BELOW_THRESHOLD, {"shortfall": self.n - total})
        covered = total // self.n * self.n
        per_line: dict[int, int] = {}
        units: dict[int, int] = {}
        position = 0
        for i in order:
            take = min(state.free_units[i], covered - position)
            if take <= 0:
                break
            discounted = (position + take) // self.n - position // self.n if self.every_nth else take
            units[i] = take
            off = percent_of(discounted * state.cart.lines[i].unit_price, 10_000 - self.pay_bp)
            if off:
                per_line[i] = off
            position += take
        if not per_line:
            return Refused(reasons.NO_BENEFIT)
        return Effect(per_line=per_line, units=units)


@dataclass(frozen=True, slots=True)
class BundlePrice:
    """套餐: every complete set of ``components`` (variant id, quantity) costs ``price``."""

    stage: ClassVar[Stage] = Stage.ITEM
    components: tuple[tuple[str, int], ...]
    price: int

    def __post_init__(self) -> None:
        if not self.components or any(q < 1 for _, q in self.components) or self.price < 0:
            raise ValueError("a bundle needs components of positive quantity and a non-negative price")

    def describe(self, currency: str) -> dict[str, str]:
        label = money_label(self.price, currency)
        return {"zh-CN": f"套餐价{label}", "en": f"the set price of {label}"}

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        cart = state.cart
        sets = min(
            sum(state.free_units[i] for i in lines if cart.lines[i].variant_id == variant) // quantity
            for variant, quantity in self.components
        )
        if not sets:
            return _nothing_free(state, lines) or Refused(reasons.BUNDLE_INCOMPLETE, {"benefit": self.describe("")})
        units: dict[int, int] = {}
        for variant, quantity in self.components:
            need = sets * quantity
            for i in _by_price(state, lines):
                if need and cart.lines[i].variant_id == variant:
                    take = min(need, state.free_units[i] - units.get(i, 0))
                    units[i] = units.get(i, 0) + take
                    need -= take
        taken = sorted(units)
        values = [units[i] * cart.lines[i].unit_price for i in taken]
        discount = sum(values) - sets * self.price
        if discount <= 0:
            return Refused(reasons.NO_BENEFIT)
        parts = allocate(discount, values)
        return Effect(per_line={i: p for i, p in zip(taken, parts, strict=True) if p}, units=units)


@dataclass(frozen=True, slots=True)
class ExchangeItem:
    """兑换券: up to ``quantity`` units of one of ``variant_ids`` in the cart become free (dearest first)."""

    stage: ClassVar[Stage] = Stage.ITEM
    variant_ids: frozenset[str]
    quantity: int = 1

    def describe(self, currency: str) -> dict[str, str]:
        return {"zh-CN": "免费兑换", "en": "a free item"}

    def apply(self, state: PricingState, lines: tuple[int, ...]) -> Effect | Refused:
        matching = tuple(i for i in lines if state.cart.lines[i].variant_id in self.variant_ids)
        if not matching:
            return Refused(reasons.ITEM_NOT_IN_CART)
        left = self.quantity
        per_line: dict[int, int] = {}
        units: dict[int, int] = {}
        for i in _by_price(state, matching):
            take = min(left, state.free_units[i])
            if take > 0:
                units[i] = take
                per_line[i] = take * state.cart.lines[i].unit_price
                left -= take
        if not units:
            return Refused(reasons.ITEMS_ALREADY_DISCOUNTED)
        return Effect(per_line={i: v for i, v in per_line.items() if v}, units=units)
