"""Errors of promotions and coupons."""

from __future__ import annotations

from shoal.core.errors import Conflict, ShoalError


class CouponExhausted(Conflict):
    code = "coupon_exhausted"
    message = {
        "en": "This coupon has run out. Choose another coupon or check out without it.",
        "zh-CN": "该券已被领完或用完，请选择其他优惠券，或不使用优惠券结算。",
    }


class CouponLimitReached(Conflict):
    code = "coupon_limit_reached"
    message = {
        "en": "You have reached the limit for this coupon.",
        "zh-CN": "您已达到该券的领取或使用上限。",
    }


class CouponUnavailable(Conflict):
    code = "coupon_unavailable"
    message = {
        "en": "This coupon cannot be used now (used, expired or held by another order). Remove it and try again.",
        "zh-CN": "该券当前不可用（已使用、已过期或已被其他订单占用），请移除后重试。",
    }


class CouponNotClaimable(Conflict):
    code = "coupon_not_claimable"
    message = {
        "en": "This coupon cannot be claimed now. Look for other coupons in the coupon centre.",
        "zh-CN": "该券当前不可领取，请到领券中心看看其他优惠券。",
    }


class PromotionBudgetExhausted(Conflict):
    code = "promotion_budget_exhausted"
    message = {
        "en": "The promotion {promotion_id} has used up its budget. Price the cart again.",
        "zh-CN": "活动 {promotion_id} 的预算已用完，请重新计算价格。",
    }


class InvalidRule(ShoalError):
    status = 422
    code = "invalid_marketing_rule"
    message = {
        "en": "The rule is not valid: {detail}. Fix it and send again.",
        "zh-CN": "规则无效：{detail}。请修改后重新提交。",
    }


class CouponCodeInvalid(ShoalError):
    status = 404
    code = "coupon_code_invalid"
    message = {
        "en": "No coupon has this code, or it was already redeemed. Check the code and try again.",
        "zh-CN": "券码无效或已被兑换，请核对后重试。",
    }


class DailyIssueLimitReached(Conflict):
    code = "coupon_daily_limit"
    message = {
        "en": "Today's coupons of this kind are all given out. Come back tomorrow.",
        "zh-CN": "今日该券已发放完毕，请明天再来。",
    }


class PublicCodeTaken(Conflict):
    code = "public_code_taken"
    message = {
        "en": "Another coupon already uses the public code {public_code}; choose another code.",
        "zh-CN": "公开券码 {public_code} 已被其他优惠券使用，请换一个。",
    }
