"""Bargain API shapes: what staff create, what a shopper sees of a bargain, what a cut answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from shoal.checkout.schemas import DeliveryIn
from shoal.core.schemas import Input, Output, PositiveFen

MAX_HELPERS = 100


class BargainCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    variant_id: str = Field(min_length=1, max_length=36)
    location_id: str = Field(min_length=1, max_length=36, description="The location the bought unit ships from.")
    start_price: PositiveFen
    floor_price: PositiveFen = Field(description="The price reached when every helper needed has cut (底价).")
    helpers_needed: int = Field(ge=1, le=MAX_HELPERS)
    hours: int = Field(default=24, ge=1, le=720, description="Each bargain's time to reach the floor and buy.")
    daily_help_limit: int = Field(default=3, ge=1, le=100, description="Bargains one shopper may help per day.")
    buy_before_floor: bool = Field(default=False, description="The initiator may buy at the price reached so far.")
    new_shopper_counts_double: bool = Field(default=False, description="A new shopper's cut takes two planned cuts.")
    first_cut_percent: int = Field(default=0, ge=0, le=90, description="The first cut is at least this share.")
    payment_minutes: int = Field(default=30, ge=1, le=1440)

    @model_validator(mode="after")
    def _plannable(self) -> BargainCreate:
        if self.start_price - self.floor_price < self.helpers_needed:
            raise ValueError("start_price - floor_price must be at least helpers_needed (every cut is 1 fen or more)")
        return self


class BargainRead(Output):
    id: str
    name: str
    variant_id: str
    location_id: str
    start_price: int
    floor_price: int
    helpers_needed: int
    hours: int
    daily_help_limit: int
    buy_before_floor: bool
    new_shopper_counts_double: bool
    first_cut_percent: int
    payment_minutes: int
    status: Literal["draft", "published", "ended"]
    created_at: datetime


class BargainStats(Output):
    id: str
    status: str
    started: int = Field(description="Bargains started by shoppers.")
    completed: int = Field(description="Bargains that reached the floor price.")
    orders: int = Field(description="Bargains bought (an order placed).")
    gmv: int = Field(description="Paid for the bargains' orders, in fen.")


class HelperCut(Output):
    initial: str = Field(description="The helper's name initial (or *).")
    amount: int


class BargainRecordRead(Output):
    id: str
    bargain_id: str
    name: str
    variant_id: str
    initiator_id: str
    start_price: int
    floor_price: int
    price: int = Field(description="The price reached so far.")
    helpers_needed: int
    cut: int = Field(description="Planned cuts taken so far (a new shopper's may take two).")
    status: Literal["bargaining", "ordered", "expired"]
    reached_floor: bool
    can_buy: bool = Field(description="The initiator may buy now.")
    order_id: str | None
    expires_at: datetime
    helpers: list[HelperCut]
    product_name: dict[str, str] = Field(description="The product's name by locale (zh-CN, en).")
    title: str = Field(description="The variant's options; empty for a product of one variant.")
    image: str | None


class CutRead(Output):
    amount: int = Field(description="What this cut took off, in fen.")
    price: int
    reached_floor: bool


class BargainCheckoutIn(Input):
    delivery: DeliveryIn


class StoreBargain(Output):
    id: str
    name: str
    variant_id: str
    product_name: dict[str, str] = Field(description="The product's name by locale (zh-CN, en).")
    title: str = Field(description="The variant's options, e.g. 250g; empty for a product of one variant.")
    image: str | None
    start_price: int
    floor_price: int
    helpers_needed: int
    hours: int
    live: bool
