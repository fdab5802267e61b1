"""Request and response bodies of after-sales."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shoal.core.schemas import Fen, Input, Output
from shoal.orders.schemas import CarrierCode, TrackingNumber

Kind = Literal["refund_only", "return_refund", "exchange"]


class LineIn(Input):
    order_line_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(gt=0, le=10_000)
    replacement_variant_id: str | None = Field(default=None, max_length=36, description="Exchange only.")


class AfterSaleCreate(Input):
    kind: Kind
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    reason_code: str = Field(min_length=1, max_length=40, examples=["damaged", "wrong_item", "not_as_described"])
    reason: str = Field(default="", max_length=500)
    photos: list[str] = Field(default_factory=list, max_length=9)


class Approve(Input):
    refund_amount: Fen | None = Field(default=None, description="Lower the refund (fen); never above the maximum.")
    refund_shipping: bool = False
    note: str | None = Field(default=None, max_length=500)


class Reject(Input):
    note: str = Field(min_length=1, max_length=500)


class Receive(Input):
    location_id: str = Field(min_length=1, max_length=36, description="Where the returned goods go back into stock.")


class Exchange(Input):
    """The replacement's parcel names a carrier of the list (``GET /api/v1/carriers``), as a shipment does."""

    location_id: str = Field(min_length=1, max_length=36, description="Where the replacement ships from.")
    carrier: CarrierCode | None = None
    tracking_number: TrackingNumber | None = None


class AfterSaleLineRead(Output):
    id: str
    order_line_id: str
    variant_id: str
    quantity: int
    replacement_variant_id: str | None


class AfterSaleEventRead(Output):
    from_status: str | None
    to_status: str
    actor: str
    note: str | None
    at: datetime


class AfterSaleRead(Output):
    id: str
    order_id: str
    order_number: str
    customer_id: str | None
    kind: str
    status: str
    reason_code: str
    reason: str
    photos: list[str]
    refund_amount: int
    refund_shipping: bool
    return_location_id: str | None
    refund_id: str | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    lines: list[AfterSaleLineRead]
    history: list[AfterSaleEventRead] = Field(default_factory=list)
