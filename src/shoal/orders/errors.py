"""Errors of the orders domain, each with a stable code and a message that says what to do."""

from __future__ import annotations

from shoal.core.errors import InvalidState, NotFound, ShoalError


class InvalidTransition(InvalidState):
    message = {
        "en": "Cannot {action} while the order is {state}.",
        "zh-CN": "订单当前状态为 {state}，不能{action}。",
    }


class FulfilmentHeld(ShoalError):
    """A higher domain holds the goods back (a group-buy order until its group fills)."""

    status = 409
    code = "fulfilment_held"
    message = {
        "en": "This order cannot be shipped or picked up until its {entity} succeeds.",
        "zh-CN": "该订单需等待{entity}成功后才能发货或自提。",
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


class UnknownCarrier(ShoalError):
    status = 422
    code = "unknown_carrier"
    message = {
        "en": "Carrier {carrier} is not on the list; choose one of: {known}.",
        "zh-CN": "物流公司 {carrier} 不在列表中，请从以下选择：{known}。",
    }


class ForgedTrackingCallback(ShoalError):
    status = 403
    code = "tracking_callback_forged"
    message = {
        "en": "This tracking update is not signed for this shipment; it was ignored.",
        "zh-CN": "物流推送的签名与该运单不符，已忽略。",
    }


class TrackingNotEnabled(ShoalError):
    status = 404
    code = "tracking_provider_not_enabled"
    message = {
        "en": "Tracking provider {provider} is not enabled here (enabled: {enabled}).",
        "zh-CN": "未启用物流查询服务 {provider}（已启用：{enabled}）。",
    }


class TrackingUnavailable(ShoalError):
    status = 502
    code = "tracking_unavailable"
    message = {
        "en": "The tracking service {provider} did not answer ({reason}); try again later.",
        "zh-CN": "物流查询服务 {provider} 暂未响应（{reason}），请稍后再试。",
    }


class BulkShipFileInvalid(ShoalError):
    status = 422
    code = "bulk_ship_file_invalid"
    message = {
        "en": "This file cannot be read for shipping ({reason}). Upload a CSV (UTF-8 or GB18030) with the columns "
        "order_number, carrier, tracking_number (or 订单号, 物流公司, 物流单号).",
        "zh-CN": "无法读取该发货文件（{reason}）。请上传 CSV 文件（UTF-8 或 GB18030），"
        "包含列：订单号、物流公司、物流单号。",
    }


class InvalidTrackingNumber(ShoalError):
    status = 422
    code = "tracking_number_invalid"
    message = {
        "en": "Tracking number {number} is not valid: use 1 to 40 letters, digits or dashes "
        "(a number a spreadsheet turned into 1.2E+14 must be typed as text).",
        "zh-CN": "物流单号 {number} 无效：应为 1 至 40 位字母、数字或短横线"
        "（表格软件显示为 1.2E+14 的单号请设为文本格式）。",
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
