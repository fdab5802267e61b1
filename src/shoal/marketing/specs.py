"""Rules as data: the JSON shape of a benefit and a condition, as stored on promotions and coupon templates and
as sent by operators, and their translation into engine values. One shape for the database and the API, so a
draft simulated through the API prices exactly like the published rule will."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import Field

from shoal.core.dates import Instant
from shoal.core.schemas import Fen, Input, PositiveFen
from shoal.marketing import engine as e

BasisPoints = Annotated[int, Field(ge=0, lt=10_000)]


class TierSpec(Input):
    threshold: Fen = 0
    value: PositiveFen


class AmountOffSpec(Input):
    kind: Literal["amount_off"] = "amount_off"
    tiers: Annotated[list[TierSpec], Field(min_length=1, max_length=10)]
    repeat: bool = False
    max_repeats: Annotated[int, Field(gt=0)] | None = None
    cap: PositiveFen | None = Field(None, description="At most this much off (最多减).")

    def to_engine(self) -> e.AmountOff:
        tiers = tuple(e.Tier(t.threshold, t.value) for t in self.tiers)
        return e.AmountOff(tiers, self.repeat, self.max_repeats, self.cap)


class PercentOffSpec(Input):
    kind: Literal["percent_off"] = "percent_off"
    tiers: Annotated[list[TierSpec], Field(min_length=1, max_length=10)]
    cap: PositiveFen | None = None

    def to_engine(self) -> e.PercentOff:
        return e.PercentOff(tuple(e.Tier(t.threshold, t.value) for t in self.tiers), self.cap)


class SkuPriceSpec(Input):
    variant_id: str = Field(max_length=36)
    price: Fen


class ItemPriceSpec(Input):
    kind: Literal["item_price"] = "item_price"
    prices: Annotated[list[SkuPriceSpec], Field(max_length=500)] = []
    pay_bp: BasisPoints | None = None
    limit_per_order: Annotated[int, Field(gt=0)] | None = None

    def to_engine(self) -> e.ItemPrice:
        prices = tuple((p.variant_id, p.price) for p in self.prices)
        return e.ItemPrice(prices, self.pay_bp, self.limit_per_order)


class NItemsSpec(Input):
    kind: Literal["n_items"] = "n_items"
    n: Annotated[int, Field(ge=1, le=100)]
    pay_bp: BasisPoints
    every_nth: bool = True

    def to_engine(self) -> e.NItemsDiscount:
        return e.NItemsDiscount(self.n, self.pay_bp, self.every_nth)


class ComponentSpec(Input):
    variant_id: str = Field(max_length=36)
    quantity: Annotated[int, Field(ge=1, le=100)] = 1


class BundleSpec(Input):
    kind: Literal["bundle"] = "bundle"
    components: Annotated[list[ComponentSpec], Field(min_length=1, max_length=20)]
    price: Fen

    def to_engine(self) -> e.BundlePrice:
        return e.BundlePrice(tuple((c.variant_id, c.quantity) for c in self.components), self.price)


class ExchangeSpec(Input):
    kind: Literal["exchange"] = "exchange"
    variant_ids: Annotated[list[str], Field(min_length=1, max_length=100)]
    quantity: Annotated[int, Field(ge=1, le=100)] = 1

    def to_engine(self) -> e.ExchangeItem:
        return e.ExchangeItem(frozenset(self.variant_ids), self.quantity)


class GiftSpec(Input):
    kind: Literal["gift"] = "gift"
    variant_id: str = Field(max_length=36)
    product_id: str = Field(max_length=36)
    unit_value: Fen
    stock: Annotated[int, Field(ge=0)]
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    per_quantity: Annotated[int, Field(ge=0, le=100)] = 0

    def to_engine(self) -> e.Gift:
        return e.Gift(self.variant_id, self.product_id, self.unit_value, self.stock, self.quantity, self.per_quantity)


class FreeShippingSpec(Input):
    kind: Literal["free_shipping"] = "free_shipping"
    cap: PositiveFen | None = None

    def to_engine(self) -> e.FreeShipping:
        return e.FreeShipping(self.cap)


BenefitSpec = Annotated[
    AmountOffSpec
    | PercentOffSpec
    | ItemPriceSpec
    | NItemsSpec
    | BundleSpec
    | ExchangeSpec
    | GiftSpec
    | FreeShippingSpec,
    Field(discriminator="kind"),
]

Ids = Annotated[list[str], Field(max_length=500)]


class ConditionSpec(Input):
    category_ids: Ids = []
    brand_ids: Ids = []
    tags: Ids = []
    product_ids: Ids = []
    variant_ids: Ids = []
    exclude_category_ids: Ids = []
    exclude_brand_ids: Ids = []
    exclude_tags: Ids = []
    exclude_product_ids: Ids = []
    exclude_variant_ids: Ids = []
    customer_groups: Ids = []
    member_levels: Ids = []
    new_customers_only: bool = False
    channels: list[e.Channel] = []
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    timezone: str = Field("Asia/Shanghai", max_length=64)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = []
    daily_start: time | None = None
    daily_end: time | None = None
    min_spend: Fen = 0
    min_quantity: Annotated[int, Field(ge=0)] = 0

    def to_engine(self) -> e.Condition:
        f = frozenset
        return e.Condition(
            scope=e.Scope(
                f(self.category_ids),
                f(self.brand_ids),
                f(self.tags),
                f(self.product_ids),
                f(self.variant_ids),
                f(self.exclude_category_ids),
                f(self.exclude_brand_ids),
                f(self.exclude_tags),
                f(self.exclude_product_ids),
                f(self.exclude_variant_ids),
            ),
            audience=e.Audience(
                f(self.customer_groups), f(self.member_levels), self.new_customers_only, f(self.channels)
            ),
            schedule=e.Schedule(
                self.starts_at, self.ends_at, self.timezone, f(self.weekdays), self.daily_start, self.daily_end
            ),
            min_spend=self.min_spend,
            min_quantity=self.min_quantity,
        )


def named_ids(benefit: BenefitSpec, condition: ConditionSpec) -> dict[str, list[str]]:
    """The catalog ids a rule names, by kind (as ``shoal.core.references`` calls them): its scope and exclusions,
    and the variants (and gift product) its benefit gives or prices. Each is checked with catalog before the rule
    is stored, so a typo is refused when it is written, not found out when the rule never applies."""
    variants = [*condition.variant_ids, *condition.exclude_variant_ids]
    products = [*condition.product_ids, *condition.exclude_product_ids]
    if isinstance(benefit, GiftSpec):
        variants.append(benefit.variant_id)
        products.append(benefit.product_id)
    elif isinstance(benefit, ItemPriceSpec):
        variants += [price.variant_id for price in benefit.prices]
    elif isinstance(benefit, BundleSpec):
        variants += [component.variant_id for component in benefit.components]
    elif isinstance(benefit, ExchangeSpec):
        variants += benefit.variant_ids
    return {
        "category": [*condition.category_ids, *condition.exclude_category_ids],
        "brand": [*condition.brand_ids, *condition.exclude_brand_ids],
        "product": products,
        "variant": variants,
    }
