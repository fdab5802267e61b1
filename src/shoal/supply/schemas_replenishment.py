"""Bodies of replenishment suggestions and accepting them."""

from __future__ import annotations

from pydantic import Field

from shoal.core.schemas import Input, Output

ServiceLevel = Field(default=0.95, gt=0.5, lt=1.0, description="Chance a replenishment cycle does not run out.")


class SuggestionLine(Output):
    variant_id: str
    location_id: str
    supplier_id: str
    method: str
    available: int
    on_order: int
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
