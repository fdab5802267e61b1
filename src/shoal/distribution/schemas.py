"""Distribution API shapes: what staff configure and review, what a promoter's centre shows."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from shoal.core.schemas import Fen, Input, Output, PositiveFen

Name = Field(min_length=1, max_length=60)


class TermsIO(Input):
    """The programme's terms; a PUT replaces them all."""

    binding_mode: Literal["first", "last"] = Field(
        default="first", description="first: the first promoter keeps the shopper; last: a later touch takes them."
    )
    protection_days: int = Field(default=15, ge=0, le=365, description="Days no other promoter can take a shopper.")
    max_binding_changes: int = Field(default=3, ge=0, le=100, description="Rebinds a shopper may have at most.")
    settle_days: int = Field(default=7, ge=0, le=90, description="After-sales window: days after receipt.")
    self_purchase: bool = Field(default=False, description="Whether a promoter earns on their own orders.")
    min_withdrawal: PositiveFen = 100
    daily_withdrawal_limit: PositiveFen = 500_000
    application_min_spend: Fen = Field(default=0, description="What a shopper must have spent to apply.")


class TermsRead(TermsIO):
    model_config = {"extra": "ignore", "from_attributes": True}


class LevelIn(Input):
    name: str = Field(min_length=1, max_length=40)
    rank: int = Field(ge=1, le=20)


class LevelRead(Output):
    id: str
    name: str
    rank: int


class AppointIn(Input):
    customer_id: str = Field(min_length=1, max_length=36)
    name: str = Name
    level_id: str | None = Field(default=None, max_length=36)
    store_id: str | None = Field(default=None, max_length=36, description="A clerk's store (a location).")


class PromoterUpdate(Input):
    """Only the fields sent change; ``null`` clears ``level_id`` or ``store_id``."""

    level_id: str | None = Field(default=None, max_length=36)
    store_id: str | None = Field(default=None, max_length=36)
    status: Literal["active", "suspended"] = None  # type: ignore[assignment]


class PromoterRead(Output):
    id: str
    customer_id: str
    name: str
    code: str
    level_id: str | None
    inviter_id: str | None
    store_id: str | None
    source: str
    status: str
    balance: int = Field(description="Withdrawable commission (settled − withdrawn − clawbacks); may be negative.")
    pending: int = Field(description="Commission waiting for its orders' after-sales window.")
    created_at: datetime


class ApplicationIn(Input):
    name: str = Name
    reason: str | None = Field(default=None, max_length=200)
    invite_code: str | None = Field(
        default=None, min_length=4, max_length=12, description="An inviting promoter's code."
    )


class ApplicationRead(Output):
    id: str
    customer_id: str
    name: str
    inviter_id: str | None
    reason: str | None
    spent: int
    status: str
    created_at: datetime
    decided_at: datetime | None


class RuleIn(Input):
    scope: Literal["product", "category", "default"]
    target_id: str = Field(default="", max_length=36, description="The product or category; empty for the default.")
    level_id: str = Field(default="", max_length=36, description="A promoter level; empty for every level.")
    mode: Literal["percent", "fixed"]
    tier1: int = Field(ge=0, le=10**9, description="Basis points (percent) or fen per item (fixed): the promoter.")
    tier2: int = Field(default=0, ge=0, le=10**9, description="The same for the promoter's inviter.")

    @model_validator(mode="after")
    def _consistent(self) -> RuleIn:
        if (self.scope == "default") != (self.target_id == ""):
            raise ValueError("target_id is empty exactly for the default scope")
        if self.mode == "percent" and self.tier1 + self.tier2 > 5_000:
            raise ValueError("two tiers together may not pay more than 50%")
        return self


class RuleRead(Output):
    id: str
    scope: str
    target_id: str
    level_id: str
    mode: str
    tier1: int
    tier2: int


class BindIn(Input):
    code: str = Field(min_length=4, max_length=12)


class BindingRead(Output):
    customer_id: str
    promoter_id: str
    source: str
    bound_at: datetime
    protected_until: datetime


class RebindIn(Input):
    promoter_id: str = Field(min_length=1, max_length=36)
    reason: str = Field(min_length=1, max_length=200, description="Why staff moved the shopper (kept in the history).")


class BindingChangeRead(Output):
    from_promoter_id: str | None
    from_promoter: str | None = Field(description="The promoter's name, when there was one.")
    to_promoter_id: str
    to_promoter: str
    source: str = Field(description="link, code, clerk or staff (a rebind by hand).")
    at: datetime
    protected_until: datetime | None
    staff: str | None
    reason: str | None


class BindingHistory(Output):
    customer_id: str
    current: BindingRead | None
    changes: list[BindingChangeRead] = Field(description="Newest first.")


class CustomerRow(Output):
    customer_id: str
    name: str
    source: str
    bound_at: datetime
    orders: int
    paid: int


class EntryRead(Output):
    id: str
    kind: str
    tier: int
    order_id: str | None
    withdrawal_id: str | None
    amount: int
    status: str
    created_at: datetime


class WithdrawalIn(Input):
    amount: PositiveFen


class WithdrawalRead(Output):
    id: str
    promoter_id: str
    amount: int
    provider: str
    status: str
    package_info: str | None = Field(description="What the receiver's WeChat confirms the transfer with.")
    reason: str | None
    created_at: datetime
    settled_at: datetime | None


class RejectIn(Input):
    reason: str = Field(min_length=1, max_length=200)


class RankRow(Output):
    promoter_id: str
    name: str
    gmv: int


class Centre(Output):
    """The promoter centre's figures (推广中心)."""

    promoter: PromoterRead
    today_sales: int
    month_sales: int
    pending: int
    balance: int
    customers: int
    invited: int
    invited_second_level: int
    withdrawals: int
    ranking: list[RankRow]


class ReportRow(Output):
    key: str
    name: str
    orders: int
    gmv: int
    commission: int


class DistributionReport(Output):
    gmv: int = Field(description="Paid amount of attributed orders, less refunds.")
    commission: int = Field(description="Commission they cost, after reversals and clawbacks.")
    roi: float | None = Field(description="GMV per yuan of commission (None when nothing was paid).")
    by_promoter: list[ReportRow]
    by_store: list[ReportRow]
    by_product: list[ReportRow]
    flagged: list[str] = Field(description="Promoters with an unusual pattern (new accounts, then refunds).")


class TeamRow(Output):
    id: str
    name: str
    level: int = Field(description="1: invited by me; 2: invited by someone I invited.")
    created_at: datetime
