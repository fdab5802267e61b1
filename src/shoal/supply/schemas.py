"""Request and response bodies of suppliers, supplier items, purchase orders and their receipts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shoal.core.schemas import Fen, Input, Output

PaymentTerms = Literal["prepaid", "on_delivery", "net_30", "net_60", "monthly"]
PO_STATUSES = ("draft", "sent", "partially_received", "received", "closed", "cancelled")
Quantity = Field(gt=0, le=1_000_000)
VariantId = Field(min_length=1, max_length=36)


class SupplierCreate(Input):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=200)
    contact_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    payment_terms: PaymentTerms = "net_30"
    note: str | None = Field(default=None, max_length=500)


class SupplierUpdate(Input):
    """Only the fields sent change; ``null`` clears the contact, phone, email or note."""

    name: str = Field(default=None, min_length=1, max_length=200)
    contact_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    payment_terms: PaymentTerms = None
    note: str | None = Field(default=None, max_length=500)
    active: bool = None


class SupplierRead(Output):
    id: str
    code: str
    name: str
    contact_name: str | None
    phone: str | None
    email: str | None
    payment_terms: str
    note: str | None
    active: bool
    created_at: datetime


class SupplierItemIn(Input):
    variant_id: str = VariantId
    supplier_sku: str | None = Field(default=None, max_length=100)
    cost_price: Fen
    pack_size: int = Field(default=1, ge=1, le=100_000, description="Units per case: orders are whole cases.")
    min_order_quantity: int = Field(default=1, ge=1, le=1_000_000, description="起订量 (MOQ), in units.")
    lead_time_days: int = Field(default=7, ge=0, le=365)


class SupplierItemRead(Output):
    id: str
    supplier_id: str
    variant_id: str
    supplier_sku: str | None
    cost_price: int
    pack_size: int
    min_order_quantity: int
    lead_time_days: int


class PurchaseOrderLineIn(Input):
    variant_id: str = VariantId
    quantity: int = Quantity
    unit_cost: Fen | None = Field(default=None, description="Left out: the supplier item's cost price.")
    expected_on: date | None = None


class PurchaseOrderCreate(Input):
    supplier_id: str = Field(min_length=1, max_length=36)
    location_id: str = Field(min_length=1, max_length=36, description="Where the goods arrive.")
    lines: list[PurchaseOrderLineIn] = Field(min_length=1, max_length=500)
    note: str | None = Field(default=None, max_length=500)


class PurchaseOrderLineRead(Output):
    id: str
    variant_id: str
    quantity: int
    unit_cost: int
    expected_on: date | None
    received: int
    returned: int


class ReceiptLineRead(Output):
    variant_id: str
    quantity: int
    unit_cost: int
    line_cost: int


class ReceiptRead(Output):
    id: str
    kind: str
    total_cost: int
    note: str | None
    actor: str
    at: datetime
    lines: list[ReceiptLineRead]


class PurchaseOrderRead(Output):
    id: str
    number: str
    supplier_id: str
    location_id: str
    status: str
    note: str | None
    total_cost: int = Field(description="Ordered quantity × unit cost over all lines, in fen.")
    received_cost: int = Field(description="Cost of goods received less goods returned, in fen.")
    created_at: datetime
    sent_at: datetime | None
    closed_at: datetime | None
    lines: list[PurchaseOrderLineRead]
    receipts: list[ReceiptRead] = Field(default_factory=list)


class ReceiveLineIn(Input):
    variant_id: str = VariantId
    quantity: int = Quantity


class ReceiveIn(Input):
    lines: list[ReceiveLineIn] = Field(min_length=1, max_length=500)
    allow_over_receipt: bool = Field(default=False, description="Accept more than is still on order (超收).")
    note: str | None = Field(default=None, max_length=500)


class ReturnIn(Input):
    lines: list[ReceiveLineIn] = Field(min_length=1, max_length=500)
    note: str | None = Field(default=None, max_length=500)
