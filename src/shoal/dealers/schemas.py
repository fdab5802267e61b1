"""Request and response bodies of the dealer network."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shoal.core.schemas import Fen, Input, Output

# Its stock location's code is ``dealer-<code>`` (at most 40 characters); a price list names catalog channel prices
# ``dealer:<list>``, so it is spelt as a channel's tail may be.
Code = Field(min_length=1, max_length=33, pattern=r"^[A-Za-z0-9_.-]+$")
PriceList = Field(default=None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_-]+$")
Discount = Field(default=0, ge=0, le=10_000, description="Off list price, in basis points (1000 = 10%).")
Terms = Literal["prepaid", "net"]
Quantity = Field(gt=0, le=1_000_000)


class DealerCreate(Input):
    code: str = Code
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=2, max_length=40, description="A province, e.g. 浙江 or 浙江省.")
    price_list: str | None = PriceList
    discount_bps: int = Discount


class DealerUpdate(Input):
    """Only the fields sent change; ``price_list: null`` takes the dealer off its price list."""

    name: str = Field(default=None, min_length=1, max_length=200)
    region: str = Field(default=None, min_length=2, max_length=40)
    price_list: str | None = PriceList
    discount_bps: int = Field(default=None, ge=0, le=10_000)
    status: Literal["active", "suspended"] = None


class CreditIn(Input):
    credit_limit: Fen
    payment_terms: Terms
    terms_days: int = Field(default=0, ge=0, le=365, description="Days to pay after the invoice (net terms).")


class CreditRead(Output):
    credit_limit: int
    credit_used: int
    available: int
    payment_terms: str
    terms_days: int


class DealerRead(Output):
    id: str
    code: str
    name: str
    region: str
    location_id: str
    price_list: str | None
    discount_bps: int
    credit_limit: int
    credit_used: int
    payment_terms: str
    terms_days: int
    status: str
    created_at: datetime


class DealerUserCreate(Input):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=8, max_length=200)
    locale: Literal["zh-CN", "en"] = "zh-CN"


class DealerUserRead(Output):
    id: str
    dealer_id: str
    email: str
    name: str
    locale: str
    status: str


class DealerTokenRequest(Input):
    tenant: str = Field(min_length=1, max_length=63, description="The brand's shop slug.")
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class SkuTermsIn(Input):
    sku: str = Field(min_length=1, max_length=120)
    moq: int = Field(default=1, ge=1, le=1_000_000)
    case_pack: int = Field(default=1, ge=1, le=10_000)


class SkuTermsRead(Output):
    variant_id: str
    sku: str
    name: str
    moq: int
    case_pack: int


class CatalogItem(Output):
    variant_id: str
    sku: str
    name: str
    list_price: int
    price: int
    moq: int
    case_pack: int


class OrderLineIn(Input):
    sku: str = Field(min_length=1, max_length=120)
    quantity: int = Quantity


class OrderPlace(Input):
    lines: list[OrderLineIn] = Field(min_length=1, max_length=200)
    payment: Literal["account", "transfer"]
    note: str | None = Field(default=None, max_length=200)


class OrderLineRead(Output):
    variant_id: str
    sku: str
    name: str
    quantity: int
    unit_price: int
    amount: int


class DealerOrderRead(Output):
    id: str
    dealer_id: str
    number: str
    status: str
    payment: str
    payment_status: str
    total: int
    note: str | None
    invoice_number: str | None
    due_at: datetime | None
    created_at: datetime
    approved_at: datetime | None
    shipped_at: datetime | None
    invoiced_at: datetime | None
    paid_at: datetime | None
    received_at: datetime | None
    lines: list[OrderLineRead]


class ShipIn(Input):
    location_id: str | None = Field(
        default=None, description="The brand warehouse or store shipping it; the first active warehouse if left out."
    )


class CustomerIn(Input):
    kind: Literal["shopper", "store"]
    name: str = Field(min_length=1, max_length=120)
    phone: str | None = Field(default=None, max_length=20, pattern=r"^[0-9+\- ]+$")


class CustomerRead(Output):
    id: str
    kind: str
    name: str
    phone: str | None
    created_at: datetime


class SaleLineIn(Input):
    sku: str = Field(min_length=1, max_length=120)
    quantity: int = Quantity
    amount: Fen


class SaleIn(Input):
    reference: str = Field(min_length=1, max_length=64, description="The dealer's own sale number: reporting "
                           "it again records nothing twice.")  # fmt: skip
    customer_id: str | None = None
    lines: list[SaleLineIn] = Field(min_length=1, max_length=200)


class SaleRead(Output):
    id: str
    reference: str
    customer_id: str | None
    total: int
    sold_at: datetime


class TierIn(Input):
    min_volume: Fen
    rate_bps: int = Field(gt=0, le=10_000)


class TiersIn(Input):
    tiers: list[TierIn] = Field(max_length=20)


class RebateRead(Output):
    dealer_id: str
    period: str
    volume: int
    rate_bps: int
    amount: int
    settled_at: datetime


class SettleIn(Input):
    period: str = Field(pattern=r"^\d{4}-\d{2}$")


class DealerStockRow(Output):
    variant_id: str
    sku: str
    name: str
    on_hand: int
    available: int
