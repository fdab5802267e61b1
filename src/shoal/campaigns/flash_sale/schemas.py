"""Flash sale API shapes: what staff create, what the storefront shows, what a buyer sends."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from shoal.checkout.schemas import DeliveryIn
from shoal.core.schemas import Input, Output, PositiveFen

MAX_ITEMS = 50


class FlashSaleItemIn(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    flash_price: PositiveFen
    quantity: int = Field(gt=0, le=100_000, description="Units carved out of the location's stock at publishing.")
    per_shopper_limit: int = Field(default=1, gt=0, le=100, description="Units one shopper may buy (限购).")


class FlashSaleCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    location_id: str = Field(min_length=1, max_length=36, description="The location whose stock the units are from.")
    starts_at: datetime
    ends_at: datetime
    payment_minutes: int = Field(default=5, ge=1, le=60, description="Unpaid orders give their units back after this.")
    items: list[FlashSaleItemIn] = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _ends_after_start(self) -> FlashSaleCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if len({item.variant_id for item in self.items}) != len(self.items):
            raise ValueError("each variant may appear once in a flash sale")
        return self


class FlashSaleItemRead(Output):
    id: str
    variant_id: str
    flash_price: int
    quantity: int
    per_shopper_limit: int


class FlashSaleRead(Output):
    id: str
    name: str
    location_id: str
    starts_at: datetime
    ends_at: datetime
    payment_minutes: int
    status: Literal["draft", "published", "ended"]
    items: list[FlashSaleItemRead]
    created_at: datetime


class FlashSaleItemStats(Output):
    variant_id: str
    quantity: int = Field(description="Units carved out for the sale.")
    left: int = Field(description="Units still to be had (unpaid orders' units come back here).")
    awaiting_payment: int
    paid: int
    returned: int = Field(description="Units of unpaid orders given back to the sale.")


class FlashSaleStats(Output):
    id: str
    status: str
    orders: int = Field(description="Orders admitted (paid, awaiting payment or returned).")
    items: list[FlashSaleItemStats]


class StoreFlashItem(Output):
    variant_id: str
    product_id: str
    sku: str
    name: dict[str, str]
    title: str
    image: str | None
    price: int = Field(description="The usual price (划线价).")
    flash_price: int
    per_shopper_limit: int
    quantity: int
    left: int
    sold_out: bool


class StoreFlashSale(Output):
    id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    state: Literal["upcoming", "live"]
    payment_minutes: int
    items: list[StoreFlashItem]


class StoreFlashSales(Output):
    now: datetime = Field(description="The server's time, for countdowns.")
    sessions: list[StoreFlashSale]


class FlashOrderIn(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(default=1, gt=0, le=100)
    delivery: DeliveryIn
