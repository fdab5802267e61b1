"""Loyalty API shapes: levels, terms, the points statement, check-in and the shopper's membership."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from shoal.checkout.schemas import DeliveryIn
from shoal.core.schemas import Fen, Input, Output, PositiveFen

Points = Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class LevelCreate(Input):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$", description="e.g. V2; promotions "
                      "name it in member_levels.")  # fmt: skip
    name: str = Field(min_length=1, max_length=60)
    threshold: Count = Field(description="Growth value from which a member is at this level.")
    points_multiplier: int = Field(default=100, ge=100, le=1000, description="Percent: 150 earns 1.5× points.")
    free_shipping: bool = False
    birthday_points: Count = 0
    birthday_coupon_template_id: str | None = Field(default=None, max_length=36, description="A coupon on the "
                                                    "birthday.")  # fmt: skip
    benefits_note: str = Field(default="", max_length=200)


class LevelUpdate(Input):
    """Only the fields sent change; the code stays (promotions name it)."""

    name: str = Field(default=None, min_length=1, max_length=60)
    threshold: Count = None
    points_multiplier: int = Field(default=None, ge=100, le=1000)
    free_shipping: bool = None
    birthday_points: Count = None
    birthday_coupon_template_id: str | None = Field(default=None, max_length=36)
    benefits_note: str = Field(default=None, max_length=200)


class LevelRead(Output):
    id: str
    code: str
    name: str
    threshold: int
    points_multiplier: int
    free_shipping: bool
    birthday_points: int
    birthday_coupon_template_id: str | None = None
    benefits_note: str


class MemberPrice(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    price: Fen = Field(description="What the level's members pay for one unit.")


class MemberPrices(Input):
    """A level's member prices (会员价), replaced whole: an empty list ends them."""

    prices: list[MemberPrice] = Field(default=[], max_length=500)


class TermsIn(Input):
    points_per_yuan: int = Field(default=1, ge=0, le=100)
    growth_per_yuan: int = Field(default=1, ge=0, le=100)
    checkin_points: int = Field(default=5, ge=0, le=10_000)
    checkin_growth: int = Field(default=1, ge=0, le=10_000)
    streak_days: int = Field(default=7, ge=0, le=365, description="Every Nth day in a row earns the bonus (0: none).")
    streak_bonus: int = Field(default=20, ge=0, le=100_000)
    expiry: Literal["never", "rolling", "year_end"] = "rolling"
    expiry_months: int = Field(default=12, ge=1, le=120)
    points_per_yuan_off: int = Field(default=100, ge=1, le=100_000, description="Points that take ¥1 off at checkout.")
    max_points_percent: int = Field(default=50, ge=0, le=100, description="Most of the goods points may pay, in %.")


class TermsRead(Output):
    points_per_yuan: int
    growth_per_yuan: int
    checkin_points: int
    checkin_growth: int
    streak_days: int
    streak_bonus: int
    expiry: str
    expiry_months: int
    points_per_yuan_off: int
    max_points_percent: int


class PointsAdjust(Input):
    points: Points = Field(description="Positive grants, negative takes away (never below zero).")
    reason: str = Field(min_length=1, max_length=200)


class PointsEntryRead(Output):
    id: str
    points: int
    reason: str
    reference: str
    note: str
    expires_at: datetime | None
    actor: str
    created_at: datetime


class PointsStatement(Output):
    balance: int
    entries: list[PointsEntryRead]


class CheckInRead(Output):
    day: str
    streak: int
    points: int


class LevelChangeRead(Output):
    from_level: str | None
    to_level: str | None
    growth: int
    created_at: datetime


class Membership(Output):
    """What the member centre shows: level and progress, benefits, points and balance."""

    customer_id: str
    growth: int
    level: LevelRead | None
    next_level: LevelRead | None
    growth_to_next: int | None
    points: int
    balance: int = 0
    checked_in_today: bool
    streak: int
    history: list[LevelChangeRead] = []
    cards: list[CardHoldingRead] = []


class CustomerMerge(Input):
    survivor_id: str = Field(min_length=1, max_length=36, description="The account that stays.")
    merged_id: str = Field(min_length=1, max_length=36, description="The account closed into it.")


class MergeRead(Output):
    survivor_id: str
    merged_id: str
    orders: int
    coupons: int
    addresses: int
    doors: int = Field(description="Phones, emails, WeChat ids and card numbers now leading to the survivor.")
    points: int
    balance: int


class MallItemCreate(Input):
    """A coupon, or a SKU (from a location's stock, sent as an order), for points and optionally cash. Each rule
    is checked on the field a form shows it by (``validate_default``: a field left out is checked too)."""

    name: str = Field(min_length=1, max_length=60)
    variant_id: str | None = Field(default=None, min_length=1, max_length=36, description="A SKU, ordered.")
    location_id: str | None = Field(default=None, min_length=1, max_length=36, validate_default=True,
                                    description="Where the SKU ships from (with variant_id).")  # fmt: skip
    coupon_template_id: str | None = Field(default=None, min_length=1, max_length=36, validate_default=True,
                                           description="Or a coupon of it.")  # fmt: skip
    points: int = Field(gt=0, le=10_000_000)
    cash: Fen = Field(default=0, description="Paid besides the points (a SKU only), with the order's shipping.")
    stock: int = Field(ge=0, le=1_000_000)
    per_shopper_limit: int = Field(default=1, ge=1, le=1000)
    active: bool = True

    @field_validator("location_id")
    @classmethod
    def _sku_location(cls, value: str | None, info: ValidationInfo) -> str | None:
        if (info.data.get("variant_id") is None) != (value is None):
            raise ValueError("a SKU needs the location it ships from, and only a SKU has one")
        return value

    @field_validator("coupon_template_id")
    @classmethod
    def _coupon_or_sku(cls, value: str | None, info: ValidationInfo) -> str | None:
        if (value is None) == (info.data.get("variant_id") is None):
            raise ValueError("choose a coupon template or a SKU, not both")
        return value

    @field_validator("cash")
    @classmethod
    def _cash_for_a_sku(cls, value: int, info: ValidationInfo) -> int:
        if value and info.data.get("variant_id") is None:
            raise ValueError("only a SKU is exchanged for points plus cash")
        return value


class MallItemRead(Output):
    id: str
    name: str
    coupon_template_id: str | None
    variant_id: str | None = None
    location_id: str | None = None
    points: int
    cash: int = 0
    stock: int
    per_shopper_limit: int
    active: bool


class MallItemUpdate(Input):
    """Only the fields sent change. What the item gives (coupon or SKU, and where it ships from) stays: an
    exchange already made names it. ``active: false`` withdraws it (下架): no longer offered, exchanges made
    stand."""

    name: str = Field(default=None, min_length=1, max_length=60)
    points: int = Field(default=None, gt=0, le=10_000_000)
    cash: Fen = Field(default=None, description="A SKU's cash besides the points.")
    stock: int = Field(default=None, ge=0, le=1_000_000)
    per_shopper_limit: int = Field(default=None, ge=1, le=1000)
    active: bool = None


class MallExchangeIn(Input):
    delivery: DeliveryIn | None = Field(default=None, description="Where a SKU goes (required for a SKU).")


class MallExchangeRead(Output):
    id: str
    item_id: str
    points: int
    cash: int = 0
    coupon_id: str | None
    order_id: str | None = Field(default=None, description="A SKU's order: pay its cash and shipping, if any.")
    status: str = "done"
    created_at: datetime


class CardCreate(Input):
    name: str = Field(min_length=1, max_length=60)
    price: PositiveFen
    days: int = Field(ge=1, le=3660, description="The period one purchase adds: 30 monthly, 365 yearly.")
    level_code: str | None = Field(default=None, max_length=40, description="A level whose benefits the card gives.")
    benefits_note: str = Field(default="", max_length=200)
    refundable: bool = False
    active: bool = True


class CardUpdate(Input):
    """Only the fields sent change; a new price applies to purchases started from now, a new period to those
    paid from now. ``active:
    false`` withdraws the card (下架): no longer sold, holders keep it to the end of their period."""

    name: str = Field(default=None, min_length=1, max_length=60)
    price: PositiveFen = None
    days: int = Field(default=None, ge=1, le=3660)
    level_code: str | None = Field(default=None, max_length=40)
    benefits_note: str = Field(default=None, max_length=200)
    refundable: bool = None
    active: bool = None


class CardRead(Output):
    id: str
    name: str
    price: int
    days: int
    level_code: str | None
    benefits_note: str
    refundable: bool
    active: bool


class CardPurchaseIn(Input):
    provider: Literal["mock", "wechatpay", "alipay", "balance"]


class CardHoldingRead(Output):
    card_id: str
    name: str
    level_code: str | None
    ends_at: datetime
    active: bool
