"""Group-buy API shapes: what staff create and see, what the storefront shows, what a member sends."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from shoal.checkout.schemas import DeliveryIn
from shoal.core.schemas import Input, Output, PositiveFen

MAX_ITEMS = 20


class GroupBuyItemIn(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    group_price: PositiveFen
    leader_price: PositiveFen | None = Field(default=None, description="团长价: what the group's opener pays.")


class GroupBuyCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    location_id: str = Field(min_length=1, max_length=36, description="The location whose stock the units are from.")
    starts_at: datetime
    ends_at: datetime
    group_size: int = Field(ge=2, le=100, description="Members who must pay for the group to succeed (N).")
    group_minutes: int = Field(default=1440, ge=5, le=10_080, description="Time a group has to fill once opened.")
    payment_minutes: int = Field(default=15, ge=1, le=60, description="A member's order closes unpaid after this.")
    per_shopper_limit: int = Field(
        default=1, ge=1, le=100, description="Units a shopper may hold in the whole activity, over all their groups."
    )
    new_shoppers_only: bool = Field(default=False, description="老带新: only shoppers who never paid may join.")
    virtual_fill_min: int | None = Field(
        default=None, ge=1, le=100, description="模拟成团: at the deadline a group with at least this many paid "
        "members succeeds; empty: it fails."
    )  # fmt: skip
    items: list[GroupBuyItemIn] = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _consistent(self) -> GroupBuyCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if len({item.variant_id for item in self.items}) != len(self.items):
            raise ValueError("each variant may appear once in a group-buy")
        if self.virtual_fill_min is not None and self.virtual_fill_min >= self.group_size:
            raise ValueError("virtual_fill_min must be below group_size")
        return self


class GroupBuyUpdate(Input):
    """A draft's terms: only the fields sent change (``items`` replaces the list); ``null`` clears
    ``virtual_fill_min`` only. The result must still be a valid activity (422 ``group_buy_invalid``)."""

    name: str = Field(default=None, min_length=1, max_length=100)
    location_id: str = Field(default=None, min_length=1, max_length=36)
    starts_at: datetime = None
    ends_at: datetime = None
    group_size: int = Field(default=None, ge=2, le=100)
    group_minutes: int = Field(default=None, ge=5, le=10_080)
    payment_minutes: int = Field(default=None, ge=1, le=60)
    per_shopper_limit: int = Field(default=None, ge=1, le=100)
    new_shoppers_only: bool = None
    virtual_fill_min: int | None = Field(default=None, ge=1, le=100)
    items: list[GroupBuyItemIn] = Field(default=None, min_length=1, max_length=MAX_ITEMS)


class GroupBuyItemRead(Output):
    id: str
    variant_id: str
    group_price: int
    leader_price: int | None


class GroupBuyRead(Output):
    id: str
    name: str
    location_id: str
    starts_at: datetime
    ends_at: datetime
    group_size: int
    group_minutes: int
    payment_minutes: int
    per_shopper_limit: int
    new_shoppers_only: bool
    virtual_fill_min: int | None
    status: Literal["draft", "published", "ended"]
    items: list[GroupBuyItemRead]
    created_at: datetime


class GroupBuyStats(Output):
    id: str
    status: str
    groups: int
    open: int
    succeeded: int
    failed: int
    success_rate: float = Field(description="Succeeded over groups decided (succeeded + failed); 0 before any.")
    members_paid: int
    gmv: int = Field(description="Paid by the members of succeeded groups (fen).")


class GroupMemberView(Output):
    initial: str = Field(description="What the storefront draws in the member's avatar.")
    is_leader: bool


class GroupRead(Output):
    id: str
    activity_id: str
    status: Literal["open", "succeeded", "failed"]
    size: int
    paid: int
    seats_left: int
    expires_at: datetime
    members: list[GroupMemberView]


class StoreGroupBuyItem(Output):
    variant_id: str
    product_id: str
    name: dict[str, str] = Field(description="Product name by locale (zh-CN, en).")
    title: str = Field(description="The variant's options, e.g. 250g (empty for a product of one variant).")
    image: str | None
    price: int = Field(description="The usual price (划线价).")
    group_price: int
    leader_price: int | None


class StoreGroupBuy(Output):
    id: str
    name: str
    state: Literal["upcoming", "live", "ended", "draft"]
    starts_at: datetime
    ends_at: datetime
    group_size: int
    group_minutes: int
    per_shopper_limit: int
    new_shoppers_only: bool
    items: list[StoreGroupBuyItem]
    open_groups: list[GroupRead] = Field(description="凑团: open groups closest to completion first.")
    now: datetime


class MyGroup(Output):
    group: GroupRead
    activity_name: str
    order_id: str
    member_status: Literal["pending", "paid", "refused", "left"]


class GroupJoinIn(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(default=1, gt=0, le=100)
    delivery: DeliveryIn
