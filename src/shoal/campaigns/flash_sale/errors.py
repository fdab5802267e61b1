"""Errors of flash sales, each with a stable code."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class SoldOut(ShoalError):
    status = 409
    code = "sold_out"
    message = {"en": "Sold out: every unit of this flash sale is taken.", "zh-CN": "已抢光：本场秒杀商品已售罄。"}


class LimitReached(ShoalError):
    status = 409
    code = "limit_reached"
    message = {
        "en": "You may buy at most {limit} of this item in this flash sale.",
        "zh-CN": "本场秒杀每人限购 {limit} 件。",
    }


class FlashSaleNotLive(ShoalError):
    status = 409
    code = "flash_sale_not_live"
    message = {
        "en": "This flash sale is not on now ({state}).",
        "zh-CN": "本场秒杀当前不可抢购（{state}）。",
    }


class FlashSaleInvalid(ShoalError):
    status = 422
    code = "flash_sale_invalid"
    message = {"en": "{reason_en}", "zh-CN": "{reason_zh}"}


def flash_sale_not_found(sale_id: str) -> NotFound:
    return NotFound("flash sale", id=sale_id)
