"""Errors of stored value, each with a stable code."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class InsufficientBalance(ShoalError):
    status = 409
    code = "insufficient_balance"
    message = {
        "en": "Not enough balance: ¥{needed} needed, ¥{available} available.",
        "zh-CN": "余额不足：需要 ¥{needed}，可用 ¥{available}。",
    }


class GiftCardUnusable(ShoalError):
    status = 409
    code = "gift_card_unusable"
    message = {
        "en": "This gift card code is unknown or already redeemed.",
        "zh-CN": "礼品卡卡号无效或已被兑换。",
    }


class TopUpPlanUnavailable(ShoalError):
    status = 409
    code = "top_up_plan_unavailable"
    message = {"en": "This top-up plan is not offered now.", "zh-CN": "该充值方案当前不可用。"}


class TopUpWithBalance(ShoalError):
    status = 422
    code = "top_up_with_balance"
    message = {"en": "A top-up is paid with WeChat Pay, Alipay or the test payment, not with balance.",
               "zh-CN": "充值不能使用余额支付，请选择微信支付或支付宝。"}  # fmt: skip


class TopUpNotRefundable(ShoalError):
    status = 409
    code = "top_up_not_refundable"
    message = {
        "en": "A top-up is not refunded as a payment; withdraw the unused principal instead.",
        "zh-CN": "充值不能按支付退款，请改为提现未使用的本金。",
    }


class NothingToWithdraw(ShoalError):
    status = 409
    code = "nothing_to_withdraw"
    message = {
        "en": "There is no unused principal to pay back: only money paid in is withdrawn, never the bonus.",
        "zh-CN": "没有可退的未使用本金：提现只退实际充值的本金，赠送金额不退。",
    }


class WithdrawalNotCovered(ShoalError):
    """Part of the principal came in other than by a paid top-up (adjusted by staff at the till): it cannot go
    back through a provider; staff pay that part back by hand and adjust the balance."""

    status = 409
    code = "withdrawal_not_covered"
    message = {
        "en": "Only {covered} of the principal {principal} can be paid back through the payments it came by. "
              "Pay the rest back by hand and adjust the balance first.",
        "zh-CN": "本金 {principal} 中只有 {covered} 可以原路退回，请先线下退还其余部分并调整余额。",
    }  # fmt: skip
