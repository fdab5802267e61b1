"""API shapes of promotions and coupon templates; rule bodies are the specs of ``specs.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from shoal.core.dates import Instant
from shoal.core.schemas import Fen, Input, Output, PositiveFen
from shoal.marketing.engine import Channel
from shoal.marketing.specs import BenefitSpec, ConditionSpec

Text = Annotated[dict[str, Annotated[str, Field(max_length=120)]], Field(min_length=1, max_length=2)]


class PromotionCreate(Input):
    name: Text
    benefit: BenefitSpec
    condition: ConditionSpec = ConditionSpec()
    mode: Literal["exclusive", "stackable", "best_of"] = "stackable"
    group_key: str = Field("", max_length=60)
    priority: int = Field(0, ge=-1000, le=1000)
    budget: PositiveFen | None = None


class PromotionRead(Output):
    id: str
    name: dict[str, str]
    status: str
    benefit: dict[str, Any]
    condition: dict[str, Any]
    mode: str
    group_key: str
    priority: int
    budget: int | None
    budget_used: int
    created_at: datetime


class CouponTemplateCreate(Input):
    name: Text
    benefit: BenefitSpec
    condition: ConditionSpec = ConditionSpec()
    stacks_with_promotions: bool = True
    stacks_with_coupons: bool = False
    public_code: str | None = Field(None, pattern=r"^[A-Z0-9-]{4,40}$", description="A shared code, e.g. SPRING-10.")
    return_on_cancel: bool = True
    daily_issue_limit: Annotated[int, Field(gt=0)] | None = None
    priority: int = Field(0, ge=-1000, le=1000)
    total_quantity: Annotated[int, Field(gt=0)] | None = None
    max_uses: Annotated[int, Field(gt=0)] | None = None
    per_customer_claims: int = Field(1, ge=1, le=1000)
    per_customer_uses: int = Field(1, ge=1, le=1000)
    valid_from: Instant | None = None
    valid_until: Instant | None = None
    valid_days: Annotated[int, Field(ge=1, le=3650)] | None = None


class CouponTemplateRead(Output):
    id: str
    name: dict[str, str]
    status: str
    benefit: dict[str, Any]
    condition: dict[str, Any]
    stacks_with_promotions: bool
    stacks_with_coupons: bool
    public_code: str | None
    return_on_cancel: bool
    daily_issue_limit: int | None
    total_quantity: int | None
    issued: int
    max_uses: int | None
    used: int
    per_customer_claims: int
    per_customer_uses: int
    valid_from: datetime | None
    valid_until: datetime | None
    valid_days: int | None
    created_at: datetime


class CouponRead(Output):
    id: str
    template_id: str
    name: dict[str, str]
    benefit: dict[str, Any] = Field(default_factory=dict, description="The template's benefit (what it takes off).")
    condition: dict[str, Any] = Field(default_factory=dict, description="The template's scope and minimum spend.")
    status: str
    order_id: str | None
    valid_from: datetime | None
    valid_until: datetime | None
    claimed_at: datetime


class ShopperCoupons(Output):
    claimable: list[CouponTemplateRead]
    mine: list[CouponRead]


class IssueRequest(Input):
    """Whom to issue to: a list of customers, or every active customer of a group (or both)."""

    customer_ids: list[Annotated[str, Field(min_length=1, max_length=36)]] = Field(
        default_factory=list, max_length=5000
    )
    customer_group: str | None = Field(default=None, min_length=1, max_length=40)


class IssueReport(Output):
    issued: int
    skipped: list[dict[str, str]] = Field(description="Customers not issued a coupon, with the reason code.")


class SimulationLine(Input):
    variant_id: str = Field(min_length=1, max_length=36)
    quantity: int = Field(ge=1, le=999)


class SimulationRequest(Input):
    lines: list[SimulationLine] = Field(min_length=1, max_length=100)
    promotions: list[PromotionCreate] = Field(max_length=50)
    customer_group: str | None = Field(default=None, max_length=40)
    channel: Channel = "online"
    shipping_fee: Fen = 0


class Simulation(Output):
    subtotal: int
    shipping_fee: int
    goods_discount: int
    shipping_discount: int
    total: int
    rules: list[dict[str, Any]]
    allocations: list[dict[str, Any]]
    combinations_evaluated: int
    search_capped: bool = Field(
        description="The search stopped at its limit: the combination shown may not be the very best."
    )

    @classmethod
    def of(cls, result: Any, line_ids: list[str]) -> Simulation:
        return cls(
            subtotal=result.subtotal,
            shipping_fee=result.shipping_fee,
            goods_discount=result.goods_discount,
            shipping_discount=result.shipping_discount,
            total=result.total,
            rules=[
                {"rule_id": e.rule_id, "applied": e.applied, "reason": e.reason, "message": e.message,
                 "discount": e.discount, "stage": str(e.stage)}
                for e in result.explanation
            ],
            allocations=[
                {"rule_id": d.rule_id, "amount": d.amount, "shipping": d.shipping,
                 "lines": {s.line_id: s.amount for s in d.allocations}}
                for d in result.discounts
            ],
            combinations_evaluated=result.combinations_evaluated,
            search_capped=result.search_capped,
        )  # fmt: skip


class CodesRequest(Input):
    count: int = Field(ge=1, le=10_000)


class RedeemRequest(Input):
    code: str = Field(min_length=4, max_length=40)


class RuleStats(Output):
    """What a promotion or coupon template has done, from the redemption ledger (cancelled orders excluded)."""

    rule_id: str
    issued: int | None = None
    used: int | None = None
    orders: int
    discount_given: int
    gmv_driven: int
