"""API shapes of promotions and coupon templates; rule bodies are the specs of ``specs.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from shoal.core.schemas import Input, Output
from shoal.marketing.specs import BenefitSpec, ConditionSpec

Text = Annotated[dict[str, Annotated[str, Field(max_length=120)]], Field(min_length=1, max_length=2)]


class PromotionCreate(Input):
    name: Text
    benefit: BenefitSpec
    condition: ConditionSpec = ConditionSpec()
    mode: Literal["exclusive", "stackable", "best_of"] = "stackable"
    group_key: str = Field("", max_length=60)
    priority: int = Field(0, ge=-1000, le=1000)
    budget: Annotated[int, Field(gt=0)] | None = None


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
    priority: int = Field(0, ge=-1000, le=1000)
    total_quantity: Annotated[int, Field(gt=0)] | None = None
    max_uses: Annotated[int, Field(gt=0)] | None = None
    per_customer_claims: int = Field(1, ge=1, le=1000)
    per_customer_uses: int = Field(1, ge=1, le=1000)
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    valid_days: Annotated[int, Field(ge=1, le=3650)] | None = None


class CouponTemplateRead(Output):
    id: str
    name: dict[str, str]
    status: str
    benefit: dict[str, Any]
    condition: dict[str, Any]
    stacks_with_promotions: bool
    stacks_with_coupons: bool
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
