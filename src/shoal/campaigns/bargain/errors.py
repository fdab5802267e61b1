"""Errors of bargains, each with a stable code."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class AlreadyHelped(ShoalError):
    status = 409
    code = "already_helped"
    message = {"en": "You have already cut this bargain's price.", "zh-CN": "你已经帮砍过这一单了。"}


class OwnBargain(ShoalError):
    status = 409
    code = "own_bargain"
    message = {
        "en": "You cannot cut your own bargain: share it with friends.",
        "zh-CN": "不能给自己砍价，快分享给好友吧。",
    }


class DailyHelpLimit(ShoalError):
    status = 409
    code = "daily_help_limit"
    message = {
        "en": "You may help at most {limit} bargains a day.",
        "zh-CN": "每天最多帮砍 {limit} 次。",
    }


class BargainClosed(ShoalError):
    status = 409
    code = "bargain_closed"
    message = {
        "en": "This bargain takes no more cuts ({state}).",
        "zh-CN": "该砍价已不能再砍（{state}）。",
    }


class FloorNotReached(ShoalError):
    status = 409
    code = "floor_not_reached"
    message = {
        "en": "This bargain has not reached its floor price yet: buying before it is not allowed.",
        "zh-CN": "还没砍到底价，本活动不支持提前购买。",
    }


class BargainNotLive(ShoalError):
    status = 409
    code = "bargain_not_live"
    message = {"en": "This bargain activity is not on now ({state}).", "zh-CN": "该砍价活动当前不可参与（{state}）。"}


class BargainInvalid(ShoalError):
    status = 422
    code = "bargain_invalid"
    message = {"en": "{reason_en}", "zh-CN": "{reason_zh}"}


def bargain_not_found(bargain_id: str) -> NotFound:
    return NotFound("bargain", id=bargain_id)


def record_not_found(record_id: str) -> NotFound:
    return NotFound("bargain record", id=record_id)
