"""Request and response bodies of orders, and the internal drafts checkout hands to ``place_order``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, computed_field

from shoal.core.schemas import Input, Output
from shoal.inventory.rules import ReserveLine
from shoal.orders import carriers
from shoal.orders.rules_money import RefundState, refund_state
from shoal.orders.tracking.base import TrackingState

OrderStatus = Literal[
    "pending_payment", "paid", "partially_shipped", "shipped", "delivered", "completed", "cancelled", "closed",
    "refunded",
]  # fmt: skip


class AddressIn(Input):
    """A delivery address as typed at checkout; it is copied into the order (a snapshot). Province, city and
    district must be one place of the national divisions (short names such as 浙江 and 杭州 are read as 浙江省
    and 杭州市); the order keeps the district's ``region_code``. Orders placed before may lack it."""

    name: str = Field(min_length=1, max_length=60)
    phone: str = Field(min_length=5, max_length=30)
    province: str = Field(min_length=1, max_length=40)
    city: str = Field(min_length=1, max_length=40)
    district: str = Field(min_length=1, max_length=40)
    region_code: str | None = Field(
        default=None, max_length=12, description="The district's GB/T 2260 code; the names must then be its names."
    )
    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=12)
    latitude: float | None = Field(default=None, ge=-90, le=90, description="Needed for same-city delivery.")
    longitude: float | None = Field(default=None, ge=-180, le=180)


class NoteCreate(Input):
    note: str = Field(min_length=1, max_length=1000)


class CancelRequest(Input):
    reason: str | None = Field(default=None, max_length=500)


class AddressUpdate(Input):
    address: AddressIn


class ShipmentLineIn(Input):
    line_id: str
    quantity: int = Field(ge=1, le=100_000)


# Letters, digits and dashes: what carriers print. A number Excel turned into 1.23E+14 is refused here.
TrackingNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
]
CarrierCode = Annotated[
    str, Field(min_length=1, max_length=20, description="A code of GET /api/v1/carriers (sf, zto, yto, ...).")
]


class ShipmentCreate(Input):
    carrier: CarrierCode
    tracking_number: TrackingNumber
    lines: list[ShipmentLineIn] = Field(min_length=1, max_length=200)


class RemainingShipmentCreate(Input):
    """Ship everything not shipped yet in one parcel (the console's 发货 and a bulk-shipping row)."""

    carrier: CarrierCode
    tracking_number: TrackingNumber


class PickupVerify(Input):
    code: str = Field(pattern=r"^\d{6}$")


class OrderLineRead(Output):
    id: str
    variant_id: str
    product_id: str
    sku: str
    name: dict[str, str]
    title: str
    options: list[str]
    image: str | None
    unit_price: int
    quantity: int
    discount: int
    line_total: int
    location_id: str | None
    shipped_quantity: int
    refunded_quantity: int
    refunded_amount: int


class DiscountRead(Output):
    source: str = Field(description="What gave it: coupon:<coupon id>, promotion:<promotion id>, or other.")
    kind: Literal["coupon", "promotion", "other"]
    applies_to: Literal["goods", "shipping"]
    amount: int


class MoneyRead(Output):
    """The order's money as lines that add up: goods - discounts + shipping = total; paid - refunded = net."""

    goods: int = Field(description="List price of every line (unit price x quantity).")
    discounts: list[DiscountRead]
    shipping: int = Field(description="The shipping fee before its discounts.")
    total: int
    paid: int
    refunded: int
    net: int
    refund_state: RefundState


class OrderRead(Output):
    id: str
    number: str
    status: str
    customer_id: str | None
    channel: str
    currency: str
    subtotal: int
    discount: int
    shipping_fee: int
    total: int
    paid_amount: int
    refunded_amount: int
    adjustments: list[dict[str, Any]]
    delivery_method: str
    shipping_address: dict[str, Any] | None
    pickup_location_id: str | None
    pickup_code: str | None
    fulfilment_location_ids: list[str]
    note: str | None
    expires_at: datetime
    paid_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime
    lines: list[OrderLineRead]
    money: MoneyRead


class OrderSummary(Output):
    id: str
    number: str
    status: str
    customer_id: str | None
    contact_phone: str | None
    currency: str
    total: int
    paid_amount: int
    refunded_amount: int
    delivery_method: str
    created_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def refund_state(self) -> RefundState:
        """``partial`` while some of the money went back (部分退款), ``full`` once all of it did."""
        return refund_state(paid=self.paid_amount, refunded=self.refunded_amount)


class OrderEventRead(Output):
    id: str
    kind: str
    from_status: str | None
    to_status: str | None
    actor: str
    note: str | None
    at: datetime


class TrackingEventRead(Output):
    at: datetime
    description: str
    area: str | None


class CarrierRead(Output):
    code: str
    name: dict[str, str]
    tracking_url: str | None = Field(description="The public tracking page, with {number} for the number.")


class ShipmentRead(Output):
    id: str
    order_id: str
    carrier: str = Field(description="A carrier code; a shipment from before the carrier list keeps its text.")
    tracking_number: str
    lines: list[dict[str, Any]]
    status: str
    shipped_at: datetime
    delivered_at: datetime | None
    tracking_state: TrackingState | None = Field(description="Where the tracking provider last said it is.")
    events: list[TrackingEventRead] = Field(default_factory=list, description="The timeline, newest first.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tracking_url(self) -> str | None:
        """The carrier's public tracking page for this parcel, if it has one."""
        return carriers.tracking_link(self.carrier, self.tracking_number)


class BulkShipRowRead(Output):
    row: int = Field(description="The line of the file (the header is line 1).")
    order_number: str
    carrier: str
    tracking_number: str
    shipped: bool
    shipment_id: str | None = None
    code: str | None = Field(default=None, description="Why the row failed: a stable error code.")
    message: dict[str, str] | None = Field(default=None, description="Why the row failed, in zh-CN and en.")


class BulkShipReport(Output):
    shipped: int
    failed: int
    rows: list[BulkShipRowRead]


class OrderDetail(OrderRead):
    history: list[OrderEventRead]
    shipments: list[ShipmentRead]


# What became of money that reached an order (``mark_paid``): it paid the order; another payment had
# already; the order was closed or cancelled first; or its expired hold's units were sold meanwhile, so the
# order is closed now. In all but the first, the money goes back to the shopper.
PaidOutcome = Literal["paid", "already_paid", "not_payable", "out_of_stock"]


@dataclass(frozen=True, slots=True)
class PayableOrder:
    """What payments needs to take money for an order, and nothing else."""

    id: str
    number: str
    total: int
    currency: str
    status: str
    customer_id: str | None
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LineRefund:
    line_id: str
    quantity: int
    amount: int


@dataclass(frozen=True, slots=True)
class DraftLine:
    """One priced line, with the catalog snapshot it was priced from."""

    variant_id: str
    product_id: str
    sku: str
    name: dict[str, str]
    title: str
    options: list[str]
    image: str | None
    unit_price: int
    quantity: int
    discount: int
    line_total: int
    location_id: str | None


@dataclass(frozen=True, slots=True)
class OrderDraft:
    """A priced, planned order that checkout asks the orders domain to place."""

    customer_id: str | None
    currency: str
    subtotal: int
    discount: int
    shipping_fee: int
    total: int
    delivery_method: str
    lines: list[DraftLine]
    reserve: list[ReserveLine]
    unpaid_minutes: int
    channel: str = "online"
    adjustments: list[dict[str, Any]] = field(default_factory=list)
    shipping_address: dict[str, Any] | None = None
    pickup_location_id: str | None = None
    note: str | None = None
    remarks: list[str] = field(default_factory=list)  # facts for the order's history, e.g. a gift left out
    reserve_from: str | None = None  # a campaign's hold the units come from (inventory ``parent_reference``)
    fulfilment_hold: str | None = None  # who holds the goods back until it lets go (``release_fulfilment_hold``)
    order_id: str | None = None  # the id the order will have, when the caller wrote it down first (a cart's claim)


class DayRead(Output):
    day: date
    gmv: int = Field(description="Paid for the orders paid this day (支付金额), cancelled and closed ones left out.")
    refunds: int = Field(description="Refunded so far of the orders paid this day (退款金额).")
    net_gmv: int = Field(description="gmv - refunds: what the day's sales finally brought in.")
    orders: int
    paying_customers: int
    average_order_value: int

    @classmethod
    def of(cls, figures: Any) -> DayRead:
        return cls(
            day=figures.day, gmv=figures.gmv, refunds=figures.refunds, net_gmv=figures.net_gmv,
            orders=figures.orders, paying_customers=figures.paying_customers,
            average_order_value=figures.average_order_value,
        )  # fmt: skip


class TopProduct(Output):
    product_id: str
    sku: str
    name: dict[str, str]
    units: int
    sales: int


class Dashboard(Output):
    today: DayRead
    yesterday: DayRead
    gmv_change_percent: int | None
    orders_change_percent: int | None
    conversion_percent: int | None = Field(description="Today's orders paid so far, in % of those placed today.")
    yesterday_conversion_percent: int | None
    last_30_days: list[DayRead]
    top_products: list[TopProduct]
    to_ship: int = Field(description="Paid orders for delivery with units still to ship (待发货).")
    pickups_waiting: int = Field(description="Paid pickup orders the shopper has not collected yet (待自提).")
