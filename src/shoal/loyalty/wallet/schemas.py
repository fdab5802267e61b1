"""Stored-value API shapes: the balance and its statement, adjustments, top-up plans, top-ups, gift cards."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from shoal.core.money import MAX_AMOUNT
from shoal.core.schemas import Fen, Input, Output, PositiveFen

SignedFen = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, description="Fen; negative takes away.")]


class BalanceAdjust(Input):
    amount: SignedFen = Field(description="Positive adds (as bonus unless principal), negative takes in proportion.")
    reason: str = Field(min_length=1, max_length=200)
    principal: bool = Field(default=False, description="Money the shopper paid in (e.g. cash at the till).")


class WalletEntryRead(Output):
    id: str
    principal: int
    bonus: int
    reason: str
    reference: str
    note: str
    actor: str
    created_at: datetime


class BalanceStatement(Output):
    balance: int
    principal: int
    bonus: int
    entries: list[WalletEntryRead]


class TopUpPlanCreate(Input):
    name: str = Field(min_length=1, max_length=60)
    amount: PositiveFen
    bonus: Fen = 0
    active: bool = True


class TopUpPlanUpdate(Input):
    name: str = Field(default=None, min_length=1, max_length=60)
    active: bool = None


class TopUpPlanRead(Output):
    id: str
    name: str
    amount: int
    bonus: int
    active: bool


class TopUpStart(Input):
    plan_id: str = Field(min_length=1, max_length=36)
    provider: Literal["mock", "wechatpay", "alipay"]
    scene: Literal["mini_program", "app", "wap"] = "mini_program"


class TopUpRead(Output):
    id: str
    plan_id: str
    amount: int
    bonus: int
    status: str
    created_at: datetime


class GiftCardBatch(Input):
    batch: str = Field(min_length=1, max_length=60, description="A name for the batch, e.g. 2027 春节礼卡.")
    value: PositiveFen
    count: int = Field(ge=1, le=500)


class GiftCardRead(Output):
    id: str
    code: str
    batch: str
    value: int
    status: str
    redeemed_by: str | None
    redeemed_at: datetime | None


class GiftCardRedeem(Input):
    code: str = Field(min_length=8, max_length=40)


class WithdrawalCreate(Input):
    reason: str = Field(min_length=1, max_length=200, description="Why the shopper takes their money back.")


class WithdrawalRead(Output):
    id: str
    customer_id: str
    principal: int = Field(description="Paid back, in fen, through the providers the top-ups were paid by.")
    bonus_forfeited: int = Field(description="The bonus the shop had added, which is not paid back.")
    refunds: list[str] = Field(description="The payment refunds that carry the principal back.")
    created_at: datetime
