"""The working state of one evaluation: what each line still costs, how many of its units no item-level
benefit has repriced yet, the shipping still to pay, and the gift stock already promised. Benefits read it and
return an ``Effect``; only the engine writes it, so a benefit is a pure function of (state, lines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shoal.marketing.engine.cart import CartSnapshot


@dataclass(frozen=True, slots=True)
class GiftLine:
    variant_id: str
    product_id: str
    quantity: int
    unit_value: int


@dataclass(frozen=True, slots=True)
class Effect:
    """What a benefit gives: goods discount per line index, units it repriced, shipping off and gifts."""

    per_line: dict[int, int] = field(default_factory=dict)
    units: dict[int, int] = field(default_factory=dict)
    shipping: int = 0
    gifts: tuple[GiftLine, ...] = ()

    @property
    def goods(self) -> int:
        return sum(self.per_line.values())

    @property
    def value(self) -> int:
        return self.goods + self.shipping


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


class PricingState:
    __slots__ = ("cart", "free_units", "gift_taken", "remaining", "settled", "shipping", "shipping_fee")

    def __init__(self, cart: CartSnapshot) -> None:
        self.cart = cart
        self.remaining = [line.subtotal for line in cart.lines]
        self.free_units = [line.quantity for line in cart.lines]
        self.shipping_fee = cart.shipping_fee  # the fee charged before shipping benefits
        self.shipping = cart.shipping_fee  # what is left of it
        self.settled = False
        self.gift_taken: dict[str, int] = {}

    def settle_shipping(self) -> None:
        """Judge the fee's free-over threshold (a shipping template's 满额包邮) on what the goods cost after
        every item and order discount, once, when the shipping stage begins."""
        if self.settled:
            return
        self.settled = True
        over = self.cart.free_shipping_over
        if over is not None and sum(self.remaining) >= over:
            self.shipping_fee = self.shipping = 0

    def base(self, lines: tuple[int, ...]) -> int:
        return sum(self.remaining[i] for i in lines)

    def quantity(self, lines: tuple[int, ...]) -> int:
        return sum(self.cart.lines[i].quantity for i in lines)

    def commit(self, effect: Effect) -> None:
        for i, amount in effect.per_line.items():
            self.remaining[i] -= amount
        for i, units in effect.units.items():
            self.free_units[i] -= units
        self.shipping -= effect.shipping
        for gift in effect.gifts:
            self.gift_taken[gift.variant_id] = self.gift_taken.get(gift.variant_id, 0) + gift.quantity
