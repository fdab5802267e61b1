"""The cart snapshot the engine prices: plain frozen values, built by checkout (or a simulation) from its own
tables, so the engine never touches a database and the same snapshot always prices the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class VariantFacts(Protocol):
    """What a line needs to know of its variant (catalog's pricing snapshot has these)."""

    product_id: str
    category_ids: list[str]
    brand_id: str | None
    tags: list[str]
    compare_at_price: int | None


@dataclass(frozen=True, slots=True)
class CartLine:
    id: str
    variant_id: str
    product_id: str
    unit_price: int
    quantity: int
    category_ids: frozenset[str] = frozenset()
    brand_id: str | None = None
    tags: frozenset[str] = frozenset()
    compare_at: int | None = None

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"line {self.id}: quantity must be at least 1")
        if self.unit_price < 0:
            raise ValueError(f"line {self.id}: unit price must not be negative")

    @property
    def subtotal(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What audience conditions may ask about the shopper; an anonymous cart has no id and no groups."""

    id: str | None = None
    groups: frozenset[str] = frozenset()
    member_level: str | None = None
    is_new_customer: bool = False


@dataclass(frozen=True, slots=True)
class CartSnapshot:
    lines: tuple[CartLine, ...]
    now: datetime
    customer: CustomerFacts = CustomerFacts()
    channel: str = "online"
    shipping_fee: int = 0
    free_shipping_over: int | None = None  # the fee is waived when the goods, after discounts, cost this much
    currency: str = "CNY"

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if self.shipping_fee < 0:
            raise ValueError("shipping fee must not be negative")
        ids = [line.id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise ValueError("line ids must be unique")

    @property
    def subtotal(self) -> int:
        return sum(line.subtotal for line in self.lines)


def line_of(key: str, variant_id: str, facts: VariantFacts, *, unit_price: int, quantity: int) -> CartLine:
    """A cart line from a variant's catalog facts, the one way checkout and simulations build them."""
    return CartLine(
        id=key, variant_id=variant_id, product_id=facts.product_id, unit_price=unit_price, quantity=quantity,
        category_ids=frozenset(facts.category_ids), brand_id=facts.brand_id, tags=frozenset(facts.tags),
        compare_at=facts.compare_at_price,
    )  # fmt: skip
