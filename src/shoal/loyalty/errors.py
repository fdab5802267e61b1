"""Errors of loyalty, each with a stable code."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class InsufficientPoints(ShoalError):
    status = 409
    code = "insufficient_points"
    message = {
        "en": "Not enough points: {needed} needed, {available} available.",
        "zh-CN": "积分不足：需要 {needed}，可用 {available}。",
    }


class AlreadyCheckedIn(ShoalError):
    status = 409
    code = "already_checked_in"
    message = {"en": "You have already checked in today.", "zh-CN": "今天已经签到过了。"}


class LevelTaken(ShoalError):
    status = 409
    code = "member_level_taken"
    message = {
        "en": "Another level already has this code or growth threshold.",
        "zh-CN": "已有相同编码或成长值门槛的等级。",
    }


class MallItemUnavailable(ShoalError):
    status = 409
    code = "mall_item_unavailable"
    message = {"en": "This item is sold out or no longer offered.", "zh-CN": "该积分商品已兑完或已下架。"}


class MallLimitReached(ShoalError):
    status = 409
    code = "limit_reached"
    message = {"en": "You may exchange this item at most {limit} times.", "zh-CN": "该积分商品每人限兑 {limit} 次。"}


class CardUnavailable(ShoalError):
    status = 409
    code = "membership_card_unavailable"
    message = {"en": "This membership card is not sold now.", "zh-CN": "该会员卡当前不可购买。"}


class CardNotRefundable(ShoalError):
    status = 409
    code = "membership_card_not_refundable"
    message = {"en": "This membership card is not refundable.", "zh-CN": "该会员卡不支持退款。"}
