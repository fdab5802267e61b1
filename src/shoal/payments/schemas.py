"""Request and response bodies of payments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from shoal.core.money import MAX_AMOUNT
from shoal.core.schemas import Input, Output


class PaymentStart(Input):
    provider: Literal["mock", "wechatpay", "alipay", "balance"]
    scene: Literal["mini_program", "app", "wap"] = "mini_program"
    payer_id: str | None = Field(default=None, max_length=128, description="WeChat openid / Alipay buyer id")
    amount: int | None = Field(
        default=None, gt=0, le=MAX_AMOUNT, description="Balance only: pay this much from the balance now and the "
        "rest with another provider next (a combined payment); left out, everything due."
    )  # fmt: skip

    @model_validator(mode="after")
    def _amount_from_balance_only(self) -> PaymentStart:
        if self.amount is not None and self.provider != "balance":
            raise ValueError("amount is for the balance part of a combined payment only")
        return self


class PaymentRead(Output):
    id: str
    order_id: str
    number: str
    provider: str
    status: str
    amount: int
    currency: str
    refunded_amount: int
    transaction_id: str | None
    client_params: dict[str, Any]
    created_at: datetime
    paid_at: datetime | None


class RefundCreate(Input):
    amount: int = Field(gt=0, le=MAX_AMOUNT, description="Minor units (fen)")
    reason: str = Field(default="", max_length=200)
    reference: str | None = Field(default=None, max_length=64, description="e.g. the after-sales case id")


class RefundRead(Output):
    id: str
    payment_id: str
    out_refund_no: str
    amount: int
    status: str
    provider_refund_id: str | None
    reason: str
    reference: str | None
    created_at: datetime


class ProviderTotals(Output):
    provider: str
    payments: int
    paid: int
    refunded: int


class ReconciliationLine(Output):
    payment_id: str
    order_id: str
    number: str
    provider: str
    amount: int
    issue: str


class Reconciliation(Output):
    day: date
    currency: str
    totals: list[ProviderTotals]
    paid: int
    refunded: int
    issues: list[ReconciliationLine]
