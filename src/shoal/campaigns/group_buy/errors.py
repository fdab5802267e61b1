"""Errors of group-buys, each with a stable code."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class GroupBuyNotLive(ShoalError):
    status = 409
    code = "group_buy_not_live"
    message = {"en": "This group-buy is not on now ({state}).", "zh-CN": "该拼团活动当前不可参与（{state}）。"}


class GroupFull(ShoalError):
    status = 409
    code = "group_full"
    message = {"en": "This group is full or over; open a group of your own.", "zh-CN": "该团已满或已结束，请自己开团。"}


class AlreadyInGroup(ShoalError):
    status = 409
    code = "already_in_group"
    message = {"en": "You are already in this group.", "zh-CN": "你已在该团中。"}


class NewShoppersOnly(ShoalError):
    status = 409
    code = "new_shoppers_only"
    message = {"en": "Only new shoppers may join this group.", "zh-CN": "该团仅限新用户参与。"}


class GroupBuyLimit(ShoalError):
    status = 409
    code = "limit_reached"
    message = {"en": "You may buy at most {limit} in this group-buy.", "zh-CN": "本拼团活动每人限购 {limit} 件。"}


class GroupBuyInvalid(ShoalError):
    status = 422
    code = "group_buy_invalid"
    message = {"en": "{reason_en}", "zh-CN": "{reason_zh}"}
