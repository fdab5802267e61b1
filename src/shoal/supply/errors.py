"""Errors of the supply domain, each with a stable code and zh-CN and en messages."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class OverReceipt(ShoalError):
    status = 409
    code = "over_receipt"
    message = {
        "en": "Only {open} more of this line are on order; receiving {quantity} needs over-receipt allowed.",
        "zh-CN": "该行仅剩 {open} 件未收货，收货 {quantity} 件需勾选“允许超收”。",
    }


class ReturnExceedsReceived(ShoalError):
    status = 409
    code = "return_exceeds_received"
    message = {
        "en": "Only {returnable} of this line can go back to the supplier (received and not yet returned).",
        "zh-CN": "该行最多可退 {returnable} 件（已收货且未退货的数量）。",
    }


class LineNotOnOrder(ShoalError):
    status = 422
    code = "line_not_on_order"
    message = {
        "en": "The purchase order has no line for variant {variant_id}.",
        "zh-CN": "该采购单没有规格 {variant_id} 的商品行。",
    }


class SupplierCodeTaken(ShoalError):
    status = 409
    code = "supplier_code_taken"
    message = {"en": "Another supplier already has the code {code}.", "zh-CN": "供应商编码 {code} 已被使用。"}


class ForecastUnavailable(ShoalError):
    status = 503
    code = "forecast_unavailable"
    message = {
        "en": "Forecasting needs the optional forecasting libraries: pip install 'shoal[forecast]'.",
        "zh-CN": "需求预测需要安装可选依赖：pip install 'shoal[forecast]'。",
    }


class ForecastInputInvalid(ShoalError):
    status = 422
    code = "forecast_input_invalid"
    message = {"en": "{reason_en}", "zh-CN": "{reason_zh}"}


def supplier_not_found(supplier_id: str) -> NotFound:
    return NotFound("supplier", supplier_id=supplier_id)


def order_not_found(order_id: str) -> NotFound:
    return NotFound("purchase order", purchase_order_id=order_id)
