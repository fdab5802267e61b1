"""Errors of the orders domain, each with a stable code and a message that says what to do."""

from __future__ import annotations

from shoal.core.errors import InvalidState, NotFound, ShoalError


class InvalidTransition(InvalidState):
    message = {
        "en": "Cannot {action} while the order is {state}.",
        "zh-CN": "订单当前状态为 {state}，不能{action}。",
    }


class AmountMismatch(ShoalError):
    status = 409
    code = "amount_mismatch"
    message = {
        "en": "The payment of {amount} does not match the order total {total}; pay the exact total.",
        "zh-CN": "支付金额 {amount} 与订单应付金额 {total} 不一致，请按应付金额支付。",
    }


class OrderTotalTooLarge(ShoalError):
    status = 422
    code = "order_total_too_large"
    message = {
        "en": "The order comes to {total}, above the most one order may total ({maximum}); split the order.",
        "zh-CN": "订单金额 {total} 超过单笔订单上限 {maximum}，请拆分为多笔订单。",
    }


class RefundTooLarge(ShoalError):
    status = 409
    code = "refund_too_large"
    message = {
        "en": "Cannot refund {amount}: at most {refundable} of this order can still be refunded.",
        "zh-CN": "无法退款 {amount}：该订单最多还可退 {refundable}。",
    }


class RefundLineInvalid(ShoalError):
    status = 422
    code = "refund_line_invalid"
    message = {
        "en": "Line {line_id} cannot take this refund: check the line id and its refundable quantity and amount.",
        "zh-CN": "订单行 {line_id} 无法退款，请检查行 ID 及其可退数量和金额。",
    }


class ShipmentLineInvalid(ShoalError):
    status = 422
    code = "shipment_line_invalid"
    message = {
        "en": "Line {line_id} cannot ship {quantity} more; check the line id and what is left to ship.",
        "zh-CN": "订单行 {line_id} 无法再发 {quantity} 件，请检查行 ID 及剩余待发数量。",
    }


class InvalidPickupCode(ShoalError):
    status = 404
    code = "pickup_code_invalid"
    message = {
        "en": "No paid pickup order at your store has this code. Check the code with the shopper.",
        "zh-CN": "本门店没有使用该提货码的待提货订单，请与顾客核对提货码。",
    }


def order_not_found(order_id: str) -> NotFound:
    return NotFound("order", order_id=order_id)
