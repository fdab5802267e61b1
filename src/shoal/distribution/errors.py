"""Errors of distribution, each with a stable code and both languages."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class NotAPromoter(ShoalError):
    status = 403
    code = "not_a_promoter"
    message = {"en": "You are not an active promoter of this shop.", "zh-CN": "你还不是本店的有效分销员。"}


class AlreadyPromoter(ShoalError):
    status = 409
    code = "already_promoter"
    message = {"en": "This shopper is already a promoter.", "zh-CN": "该顾客已是分销员。"}


class ApplicationPending(ShoalError):
    status = 409
    code = "application_pending"
    message = {"en": "An application is already waiting for review.", "zh-CN": "已有一份申请在等待审核。"}


class SpendTooLow(ShoalError):
    status = 409
    code = "spend_too_low"
    message = {
        "en": "Promoters must have spent at least ¥{required} here; you have spent ¥{spent}.",
        "zh-CN": "成为分销员需在本店累计消费满 ¥{required}，你目前消费 ¥{spent}。",
    }


class BindingRefused(ShoalError):
    status = 409
    code = "binding_refused"
    message = {
        "en": "You stay with your current promoter ({reason_en}).",
        "zh-CN": "你仍归属当前分销员（{reason_zh}）。",
    }


class WithdrawalBelowMinimum(ShoalError):
    status = 422
    code = "withdrawal_below_minimum"
    message = {"en": "A withdrawal must be at least ¥{minimum}.", "zh-CN": "单笔提现金额不能低于 ¥{minimum}。"}


class DailyLimitReached(ShoalError):
    status = 409
    code = "withdrawal_daily_limit"
    message = {
        "en": "Withdrawals are limited to ¥{limit} a day; try a smaller amount or tomorrow.",
        "zh-CN": "每日提现上限为 ¥{limit}，请减少金额或明天再试。",
    }


class InsufficientBalance(ShoalError):
    status = 409
    code = "insufficient_balance"
    message = {
        "en": "The amount is more than your withdrawable commission.",
        "zh-CN": "提现金额超过可提现佣金。",
    }


class PayoutRefused(ShoalError):
    status = 400
    code = "payout_notification_refused"
    message = {"en": "The payout notification was refused: {reason}.", "zh-CN": "打款通知被拒绝：{reason}。"}


def promoter_not_found(promoter_id: str) -> NotFound:
    return NotFound("promoter", id=promoter_id)
