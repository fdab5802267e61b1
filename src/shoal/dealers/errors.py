"""Errors of the dealer network, each with a stable code and both languages."""

from __future__ import annotations

from shoal.core.errors import NotFound, ShoalError


class CreditLimitExceeded(ShoalError):
    status = 409
    code = "credit_limit_exceeded"
    message = {
        "en": "This order of ¥{total} is over your credit: ¥{available} of ¥{limit} is left. "
        "Pay by bank transfer, or pay earlier orders first.",
        "zh-CN": "本单 ¥{total} 超出信用额度：额度 ¥{limit}，可用 ¥{available}。请改用银行转账，或先结清之前的订单。",
    }


class PrepaidOnly(ShoalError):
    status = 409
    code = "prepaid_only"
    message = {
        "en": "Your terms are prepaid: pay this order by bank transfer.",
        "zh-CN": "你的结算方式为预付款，请以银行转账支付本单。",
    }


class DealerSuspended(ShoalError):
    status = 409
    code = "dealer_suspended"
    message = {"en": "This dealer account is suspended.", "zh-CN": "该经销商账户已停用。"}


class NotOffered(ShoalError):
    status = 422
    code = "sku_not_offered"
    message = {
        "en": "SKU {sku} is not offered to dealers.",
        "zh-CN": "商品编码 {sku} 不在经销商可订范围内。",
    }


class BelowMinimum(ShoalError):
    status = 422
    code = "below_moq"
    message = {
        "en": "SKU {sku}: order at least {moq}.",
        "zh-CN": "商品编码 {sku}：起订量为 {moq}。",
    }


class NotWholeCases(ShoalError):
    status = 422
    code = "not_whole_cases"
    message = {
        "en": "SKU {sku}: order whole cases of {case_pack}.",
        "zh-CN": "商品编码 {sku}：须按整箱订购（每箱 {case_pack} 件）。",
    }


class BadOrderFile(ShoalError):
    status = 422
    code = "bad_order_file"
    message = {
        "en": "Line {line} of the file cannot be read: give a SKU code and a whole quantity (sku,quantity).",
        "zh-CN": "文件第 {line} 行无法读取：请填写商品编码和整数数量（sku,quantity）。",
    }


class EmptyOrder(ShoalError):
    status = 422
    code = "empty_order"
    message = {"en": "The order has no lines.", "zh-CN": "订单没有商品。"}


class DealerCodeTaken(ShoalError):
    status = 409
    code = "dealer_code_taken"
    message = {"en": "Another dealer already has code {code}.", "zh-CN": "编码 {code} 已被其他经销商使用。"}


class DealerEmailTaken(ShoalError):
    status = 409
    code = "email_taken"
    message = {"en": "{email} already has an account.", "zh-CN": "{email} 已有账户。"}


class UnknownRegion(ShoalError):
    status = 422
    code = "unknown_region"
    message = {"en": "{region} is no province.", "zh-CN": "{region} 不是省级行政区。"}


class NoWarehouse(ShoalError):
    status = 409
    code = "no_warehouse"
    message = {"en": "No active warehouse to ship from.", "zh-CN": "没有可发货的仓库。"}


class BadPeriod(ShoalError):
    status = 422
    code = "bad_period"
    message = {
        "en": "Give a month that has ended, as YYYY-MM.",
        "zh-CN": "请填写已结束的月份，格式为 YYYY-MM。",
    }


def dealer_not_found(dealer_id: str) -> NotFound:
    return NotFound("dealer", dealer_id=dealer_id)


def order_not_found(order_id: str) -> NotFound:
    return NotFound("dealer order", order_id=order_id)


def customer_not_found(customer_id: str) -> NotFound:
    return NotFound("dealer customer", customer_id=customer_id)
