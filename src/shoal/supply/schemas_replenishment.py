"""Bodies of replenishment suggestions and accepting them."""

from __future__ import annotations

from pydantic import Field

from shoal.core.schemas import Input, Output

ServiceLevel = Field(default=0.95, gt=0.5, lt=1.0, description="Chance a replenishment cycle does not run out.")
TransferLeadDays = Field(default=2, ge=0, le=60, description="Days from a warehouse to a store.")


class SuggestionLine(Output):
    variant_id: str
    location_id: str
    supplier_id: str
    method: str
    available: int
    on_order: int
    warehouse_spare: int = Field(default=0, description="For a store: units the warehouses hold, reached by transfer.")
    reorder_point: int
    order_up_to: int
    safety_stock: int
    lead_time_days: int
    quantity: int = Field(description="Units to order: whole packs, at least the MOQ.")
    unit_cost: int


class Suggestion(Output):
    """One draft purchase order to be: a supplier, a destination, its lines."""

    supplier_id: str
    location_id: str
    lines: list[SuggestionLine]
    total_cost: int


class AcceptIn(Input):
    service_level: float = ServiceLevel
    location_id: str | None = Field(default=None, max_length=36)
    supplier_ids: list[str] | None = Field(default=None, max_length=100, description="Only these suppliers' orders.")


class TransferSuggestionLine(Output):
    variant_id: str
    method: str
    available: int = Field(description="Available at the store now.")
    inbound: int = Field(description="Units open transfers and purchase orders still bring to the store.")
    reorder_point: int
    order_up_to: int
    quantity: int = Field(description="Units to move: up to the order-up-to level, at most what the source has.")
    short: int = Field(description="Units the store needs that the warehouse cannot spare (buy them instead).")


class TransferSuggestion(Output):
    """One draft transfer to be: from a warehouse to a store, its lines."""

    source_location_id: str | None = Field(description="None: no warehouse has any; every line is short.")
    destination_location_id: str
    lines: list[TransferSuggestionLine]


class TransferAcceptIn(Input):
    service_level: float = ServiceLevel
    lead_time_days: int = TransferLeadDays
    destination_ids: list[str] | None = Field(default=None, max_length=100, description="Only these stores.")
