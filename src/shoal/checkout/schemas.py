"""Request and response bodies of carts, checkout and shipping templates. Amounts are integer fen."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shoal.core.schemas import Fen, Input, Output
from shoal.marketing.engine import Channel
from shoal.orders.schemas import AddressIn

MAX_QUANTITY = 999


class CartCreate(Input):
    channel: Channel = Field(
        default="online", description="Where the cart is bought; only staff start a store or dealer cart."
    )


class CartLineAdd(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)


class CartLineUpdate(Input):
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class CartLineRead(Output):
    id: str
    variant_id: str
    sku: str
    name: str
    title: str = Field(description="The variant's own name (250g, 红色 / XL); empty for a product without options.")
    image: str | None
    available: bool = Field(description="False when the product is no longer for sale; remove the line.")
    quantity: int
    unit_price: int
    line_total: int
    discount: int


class CartRead(Output):
    id: str
    customer_id: str | None
    status: str
    channel: str
    purpose: str = Field(description="cart: the shopper's cart; buy_now: one product bought at once (立即购买).")
    currency: str
    subtotal: int
    discount: int
    shipping: int
    total: int
    lines: list[CartLineRead]


class LinePricing(Output):
    line_id: str
    subtotal: int
    discount: int
    total: int


class RuleOutcome(Output):
    """One promotion or coupon the engine considered: applied or not, and why, in the shopper's language."""

    rule_id: str
    coupon_id: str | None
    source: str
    stage: str
    applied: bool
    reason: str
    message: str
    messages: dict[str, str]
    discount: int


class Allocation(Output):
    """A discount's share of one line, to the fen (``line_id`` null: the shipping fee)."""

    source: str
    amount: int
    line_id: str | None


class SearchReport(Output):
    """How the best combination of offers was found: ``capped`` when the search stopped at its limit (then
    ``message`` tells the shopper the combination may not be the very best)."""

    combinations_evaluated: int
    capped: bool
    message: str | None


class CartPricing(Output):
    cart_id: str
    currency: str
    subtotal: int
    discount: int
    shipping: int
    total: int
    lines: list[LinePricing]
    rules: list[RuleOutcome]
    allocations: list[Allocation]
    search: SearchReport


class DeliveryIn(Input):
    method: Literal["ship", "pickup", "same_city"]
    address: AddressIn | None = None
    address_id: str | None = Field(default=None, description="One of the shopper's saved addresses.")
    location_id: str | None = Field(default=None, description="The pickup store.")


class CheckoutRequest(Input):
    cart_id: str = Field(min_length=1, max_length=36)
    delivery: DeliveryIn
    note: str | None = Field(default=None, max_length=500)
    expected_total: Fen | None = Field(default=None, description="The total the shopper was shown.")
    coupon_ids: list[str] | None = Field(
        default=None, max_length=10, description="Coupons to use; omitted: the best combination of those held."
    )
    points: int = Field(default=0, ge=0, le=100_000_000, description="Points to pay with (up to the shop's cap).")


class BandIn(Input):
    up_to_metres: int = Field(ge=1, le=200_000)
    fee: int = Field(ge=0, le=10**7)


class ShippingTemplateIn(Input):
    name: str = Field(min_length=1, max_length=120)
    mode: Literal["by_weight", "per_piece", "same_city"]
    regions: list[str] = Field(default_factory=lambda: ["*"], max_length=100, description='Provinces, or "*".')
    first_units: int = Field(default=0, ge=0, le=10**7, description="Grams or pieces in the first block.")
    first_fee: int = Field(default=0, ge=0, le=10**7)
    additional_units: int = Field(default=1, ge=1, le=10**7)
    additional_fee: int = Field(default=0, ge=0, le=10**7)
    free_over: Fen | None = Field(default=None, description="Free when the goods cost at least this.")
    priority: int = Field(default=100, ge=0, le=10_000)
    location_id: str | None = Field(default=None, description="Same-city: the store it delivers from.")
    radius_metres: int = Field(default=0, ge=0, le=200_000)
    bands: list[BandIn] = Field(default_factory=list, max_length=20)
    active: bool = True


class ShippingTemplateRead(Output):
    id: str
    name: str
    mode: str
    regions: list[str]
    first_units: int
    first_fee: int
    additional_units: int
    additional_fee: int
    free_over: int | None
    priority: int
    location_id: str | None
    radius_metres: int
    bands: list[dict[str, int]]
    active: bool
    created_at: datetime
    updated_at: datetime
