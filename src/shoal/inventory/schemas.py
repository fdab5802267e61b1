"""Request and response bodies of locations, stock, the ledger, transfers and reservations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, computed_field

from shoal.core.schemas import Input, Output
from shoal.inventory import rules

LocationKind = Literal["warehouse", "store", "dealer"]
Quantity = Field(gt=0, le=1_000_000)
Reference = Field(default=None, min_length=1, max_length=100)
Latitude = Field(default=None, ge=-90, le=90, max_digits=9, decimal_places=6)
Longitude = Field(default=None, ge=-180, le=180, max_digits=9, decimal_places=6)
RegionCode = Annotated[
    str,
    Field(pattern=r"^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$", description="A GB/T 2260 code: 33, 3301, 330106."),
]
COVERAGE = (
    "Regions whose online orders this location fulfils first (配送覆盖); a location naming any serves only those. "
    "Empty: a store or warehouse serves everywhere, a dealer no shop orders."
)


class Address(Input):
    province: str | None = Field(default=None, max_length=60)
    city: str | None = Field(default=None, max_length=60)
    district: str | None = Field(default=None, max_length=60)
    line1: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=20)
    phone: str | None = Field(default=None, max_length=30)


OpeningHours = Field(
    default=None, max_length=200, description="When a store is open, as shoppers should read it: 每天 10:00-22:00."
)


class LocationCreate(Input):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: LocationKind
    name: str = Field(min_length=1, max_length=200)
    name_translations: dict[Literal["zh-CN", "en"], str] = Field(default_factory=dict)
    address: Address = Field(default_factory=Address)
    latitude: Decimal | None = Latitude
    longitude: Decimal | None = Longitude
    priority: int = Field(default=100, ge=0, le=100_000, description="Lower ships first among warehouses.")
    active: bool = True
    sellable: bool = Field(default=True, description="Counts toward storefront availability.")
    pickup_enabled: bool = False
    opening_hours: str | None = OpeningHours
    coverage: list[RegionCode] = Field(default_factory=list, max_length=200, description=COVERAGE)


class LocationUpdate(Input):
    """Only the fields sent change; ``code`` and ``kind`` are fixed once stock refers to them. ``null``
    clears the coordinates or the opening hours only (send ``{}`` for no translations or no address)."""

    name: str = Field(default=None, min_length=1, max_length=200)
    name_translations: dict[Literal["zh-CN", "en"], str] = None
    address: Address = None
    latitude: Decimal | None = Latitude
    longitude: Decimal | None = Longitude
    priority: int = Field(default=None, ge=0, le=100_000)
    active: bool = None
    sellable: bool = None
    pickup_enabled: bool = None
    opening_hours: str | None = OpeningHours
    coverage: list[RegionCode] = Field(default=None, max_length=200, description=COVERAGE)


class LocationRead(Output):
    id: str
    code: str
    kind: str
    name: str
    name_translations: dict[str, str]
    address: Address
    latitude: Decimal | None
    longitude: Decimal | None
    priority: int
    active: bool
    sellable: bool
    pickup_enabled: bool
    opening_hours: str | None = None
    coverage: list[str] = []
    created_at: datetime
    updated_at: datetime


LowStockThreshold = Field(
    ge=0, le=1_000_000, description="Alert once available units fall to this or below (库存预警); null: no alert."
)


class StockRead(Output):
    id: str
    variant_id: str
    location_id: str
    on_hand: int
    reserved: int
    low_stock_threshold: int | None
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @computed_field  # type: ignore[prop-decorator]
    @property
    def low_stock(self) -> bool:
        return rules.is_low_stock(self.available, self.low_stock_threshold)


class StockUpdate(Input):
    """The low-stock threshold of one stock row (a variant at a location); ``null`` turns the alert off."""

    low_stock_threshold: int | None = LowStockThreshold


class ReceiptCreate(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    location_id: str = Field(min_length=1, max_length=36)
    quantity: int = Quantity
    reference: str | None = Reference


class AdjustmentCreate(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    location_id: str = Field(min_length=1, max_length=36)
    delta: int = Field(ge=-1_000_000, le=1_000_000, description="Units added (positive) or removed (negative).")
    reason: Literal["adjustment", "return"] = "adjustment"
    reference: str | None = Reference


class StocktakeCreate(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    location_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(ge=0, le=1_000_000, description="The counted units on hand.")
    reference: str | None = Reference


class LedgerEntryRead(Output):
    id: str
    variant_id: str
    location_id: str
    delta_on_hand: int
    delta_reserved: int
    on_hand_after: int
    reserved_after: int
    reason: str
    reference: str | None
    note: str | None
    actor: str
    at: datetime


class TransferLineIn(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    quantity: int = Quantity


class TransferCreate(Input):
    source_location_id: str = Field(min_length=1, max_length=36)
    destination_location_id: str = Field(min_length=1, max_length=36)
    lines: list[TransferLineIn] = Field(min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=200)


class TransferLineRead(Output):
    variant_id: str
    quantity: int


class TransferRead(Output):
    id: str
    source_location_id: str
    destination_location_id: str
    status: str
    note: str | None
    lines: list[TransferLineRead]
    created_at: datetime
    shipped_at: datetime | None
    received_at: datetime | None
    cancelled_at: datetime | None


class AvailabilityRequest(Input):
    variant_ids: list[str] = Field(min_length=1, max_length=100)
    location_ids: list[str] | None = Field(default=None, max_length=100)


class ReservationLineRead(Output):
    variant_id: str
    location_id: str
    quantity: int


class ReservationRead(Output):
    id: str
    reference: str
    status: str
    expires_at: datetime
    created_at: datetime
    closed_at: datetime | None
    lines: list[ReservationLineRead]
