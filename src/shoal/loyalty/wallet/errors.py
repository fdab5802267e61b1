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
