"""Errors of after-sales."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class AfterSaleNotFound(NotFound):
    code = "after_sale_not_found"

    def __init__(self) -> None:
        super().__init__(entity="after-sales case")


class OrderNotEligible(ShoalError):
    status = 409
    code = "order_not_eligible"
    message = {
        "en": "After-sales needs a paid order; this one is {state}.",
        "zh-CN": "售后仅适用于已付款订单，该订单状态为 {state}。",
    }


class LineOverClaimed(ShoalError):
    status = 409
    code = "quantity_exceeds_refundable"
    message = {
        "en": "Line {order_line_id} has no {quantity} units left to return or refund; lower the quantity.",
        "zh-CN": "订单行 {order_line_id} 可售后的数量不足 {quantity} 件，请减少数量。",
    }


class UnknownOrderLine(ShoalError):
    status = 422
    code = "unknown_order_line"
    message = {
        "en": "Line {order_line_id} is not part of this order.",
        "zh-CN": "订单行 {order_line_id} 不属于该订单。",
    }


class RefundAboveMaximum(ShoalError):
    status = 422
    code = "refund_above_maximum"
    message = {
        "en": "The refund may be at most {maximum} fen for these lines.",
        "zh-CN": "这些商品最多可退 {maximum} 分。",
    }


class ReplacementMissing(ShoalError):
    status = 422
    code = "replacement_missing"
    message = {
        "en": "An exchange names the replacement variant of every line.",
        "zh-CN": "换货须为每一行指定替换的规格。",
    }


class NoRefundablePayment(ShoalError):
    status = 409
    code = "no_refundable_payment"
    message = {
        "en": "This order has no payment left to refund to.",
        "zh-CN": "该订单没有可退款的支付记录。",
    }


class PhotoNotUploaded(ShoalError):
    status = 422
    code = "photo_not_uploaded"
    message = {
        "en": "Photos must be pictures uploaded to this shop; upload them with the request form.",
        "zh-CN": "照片须为上传到本店的图片，请通过申请表单上传。",
    }
