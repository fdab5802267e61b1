"""Errors of in-store selling, each with a stable code and both languages."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class NotAtAStore(ShoalError):
    status = 422
    code = "store_required"
    message = {
        "en": "Say which store this till is in: staff not tied to a store must name one.",
        "zh-CN": "请指定收银所在门店：未绑定门店的员工需选择门店。",
    }


class NotAStore(ShoalError):
    status = 422
    code = "not_a_store"
    message = {"en": "Sales are made in stores; this location is not an active store.",
               "zh-CN": "只能在门店收银，该库存地点不是启用中的门店。"}  # fmt: skip


class ShiftAlreadyOpen(ShoalError):
    status = 409
    code = "shift_already_open"
    message = {"en": "You already have an open shift; close it before opening another.",
               "zh-CN": "你已有一个未结束的班次，请先交班再开新班。"}  # fmt: skip


class NoOpenShift(ShoalError):
    status = 409
    code = "no_open_shift"
    message = {"en": "Open a shift (with its cash float) before selling.", "zh-CN": "请先开班（录入备用金）再收银。"}


class ShiftClosed(ShoalError):
    status = 409
    code = "shift_closed"
    message = {"en": "This shift is already closed.", "zh-CN": "该班次已交班。"}


class UnknownCode(ShoalError):
    status = 422
    code = "unknown_code"
    message = {"en": "No product has the barcode or SKU {code}.", "zh-CN": "没有条码或货号为 {code} 的商品。"}

    def __init__(self, code: str) -> None:
        super().__init__(code=code)


class NotEnoughTendered(ShoalError):
    status = 422
    code = "not_enough_tendered"
    message = {"en": "¥{due} is still due in cash; ¥{tendered} was handed over.",
               "zh-CN": "还需现金 ¥{due}，实收 ¥{tendered}，不足。"}  # fmt: skip


class Overpaid(ShoalError):
    status = 422
    code = "tenders_exceed_total"
    message = {"en": "The payments (¥{paid}) are more than the sale's total (¥{total}).",
               "zh-CN": "各项支付合计 ¥{paid} 超过应收 ¥{total}。"}  # fmt: skip


class OneCodePerSale(ShoalError):
    status = 422
    code = "one_payment_code"
    message = {"en": "A sale takes at most one payment code.", "zh-CN": "一笔销售最多使用一个付款码。"}


class MemberRequired(ShoalError):
    status = 422
    code = "member_required"
    message = {"en": "Paying from a balance needs the member: look them up first.",
               "zh-CN": "使用余额支付需先识别会员。"}  # fmt: skip


class SaleNotReturnable(ShoalError):
    status = 409
    code = "sale_not_returnable"
    message = {"en": "Only a completed sale of this store can be returned here.",
               "zh-CN": "只能退本门店已完成的销售。"}  # fmt: skip


class ReturnTooLarge(ShoalError):
    status = 422
    code = "return_too_large"
    message = {"en": "{sku}: at most {left} can still be returned.", "zh-CN": "{sku}：最多还能退 {left} 件。"}


class SaleNotFlagged(ShoalError):
    status = 409
    code = "sale_not_flagged"
    message = {"en": "This sale is not waiting for staff.", "zh-CN": "该销售无需处理。"}


class SaleRefused(ShoalError):
    status = 409
    code = "sale_refused"
    message = {"en": "This sale was refused and nothing was sold: start a new sale.",
               "zh-CN": "该销售已被拒绝，未售出任何商品，请重新开单。"}  # fmt: skip


class PhoneOrCard(ShoalError):
    status = 422
    code = "phone_or_card"
    message = {"en": "Look the member up by phone or by member card: one of them.",
               "zh-CN": "请按手机号或会员卡号查找会员（二选一）。"}  # fmt: skip
