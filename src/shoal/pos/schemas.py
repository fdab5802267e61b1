"""Request and response bodies of in-store selling. Amounts are integer fen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from shoal.core.schemas import Fen, Input, Output, PositiveFen

ClientId = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                 description="Made by the till (a UUID): sending it again answers the same record.")  # fmt: skip


class ShiftOpen(Input):
    opening_float: Fen = Field(description="Cash put in the drawer to give change from (备用金)")
    location_id: str | None = Field(
        default=None, max_length=36, description="The store; staff tied to a store sell there and leave it out"
    )


class ShiftClose(Input):
    counted_cash: Fen = Field(description="The cash counted in the drawer at the end of the shift")
    note: str | None = Field(default=None, max_length=500)


class ShiftRead(Output):
    id: str
    location_id: str
    clerk_id: str
    status: str
    opening_float: int
    counted_cash: int | None
    expected_cash: int | None
    difference: int | None = Field(description="counted - expected: below zero, cash is missing")
    takings: dict[str, int] = Field(description="Net takings by method (cash, balance, wechatpay, alipay, ...)")
    note: str | None
    opened_at: datetime
    closed_at: datetime | None


class LineIn(Input):
    code: str = Field(min_length=1, max_length=64, description="A barcode (scanned) or SKU (typed)")
    quantity: int = Field(default=1, ge=1, le=999)


class TenderIn(Input):
    """A non-cash part of the payment; cash pays whatever these leave (``SaleCreate.cash_tendered``)."""

    method: Literal["balance", "code"]
    amount: PositiveFen
    auth_code: str | None = Field(default=None, min_length=10, max_length=32, pattern=r"^[0-9]+$",
                                  description="The payment code scanned from the payer's phone (付款码)")  # fmt: skip
    provider: Literal["wechatpay", "alipay", "mock"] | None = Field(
        default=None, description="Whose code; left out, told by the code's prefix"
    )


class QuoteIn(Input):
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    customer_id: str | None = Field(default=None, max_length=36)
    coupon_ids: list[str] | None = Field(
        default=None, max_length=20, description="The member's coupons to use; left out, the best they hold"
    )
    points: int = Field(default=0, ge=0, le=100_000_000, description="The member's points to pay with (up to the "
                        "shop's cap), as at checkout")  # fmt: skip


class SaleCreate(QuoteIn):
    sale_id: str = ClientId
    tenders: list[TenderIn] = Field(default_factory=list, max_length=3)
    cash_tendered: Fen = Field(default=0, description="Cash handed over; change is what exceeds the cash due")
    offline: bool = Field(default=False, description="Queued while the till was offline: a sale that finds no "
                          "stock on upload is recorded and flagged for staff instead of refused")  # fmt: skip
    sold_at: datetime | None = Field(default=None, description="When the till sold it (offline sales)")


class QuoteLine(Output):
    variant_id: str
    sku: str
    name: dict[str, str]
    quantity: int
    unit_price: int
    discount: int
    total: int


class Quote(Output):
    lines: list[QuoteLine]
    subtotal: int
    discount: int
    total: int
    discounts: list[dict[str, Any]] = Field(description="Each promotion or coupon applied: source and amount")
    gifts: list[dict[str, Any]] = Field(default_factory=list, description="Gifts to hand over (sku, name, quantity)")


class SaleRead(Output):
    id: str
    sale_id: str
    status: Literal["completed", "flagged", "paying", "refused"]
    flag_reason: str | None
    offline: bool
    location_id: str
    shift_id: str
    clerk_id: str
    customer_id: str | None
    order_id: str | None
    order_number: str | None
    subtotal: int
    discount: int
    total: int
    refunded: int
    cash_tendered: int
    change_given: int
    tenders: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    basket: list[dict[str, Any]] = Field(description="The codes and quantities the till sent (a flagged sale's goods)")
    sold_at: datetime
    recorded_at: datetime


class ReturnLineIn(Input):
    code: str = Field(min_length=1, max_length=64, description="The returned item's barcode or SKU")
    quantity: int = Field(default=1, ge=1, le=999)


class ReturnCreate(Input):
    return_id: str = ClientId
    lines: list[ReturnLineIn] = Field(min_length=1, max_length=100)
    reason: str = Field(default="", max_length=200)


class ReturnRead(Output):
    id: str
    return_id: str
    sale_pk: str
    amount: int
    refunds: list[dict[str, Any]] = Field(description="What each method gave back (cash is handed back by the clerk)")
    lines: list[dict[str, Any]]
    created_at: datetime


class MemberRead(Output):
    id: str
    name: str
    phone: str = Field(description="Masked: the clerk confirms the last digits with the shopper")
    level: str | None
    points: int
    balance: int


class SkuFigure(Output):
    sku: str
    name: dict[str, str]
    quantity: int
    amount: int


class ClerkFigure(Output):
    clerk_id: str
    name: str
    orders: int
    sales: int


class StoreFigures(Output):
    location_id: str
    name: str
    sales: int = Field(description="Taken for the day's completed sales (销售额)")
    refunds: int
    net_sales: int
    orders: int
    average_order_value: int
    top_skus: list[SkuFigure]
    by_clerk: list[ClerkFigure]


class StoreReport(Output):
    day: date
    currency: str
    stores: list[StoreFigures]
    flagged: int = Field(description="Sales waiting for staff (offline sales that found no stock)")
