"""Errors of payments: what a shopper or staff member did that cannot be done, and what to do instead."""

from __future__ import annotations

from shoal.core.errors import Conflict, InvalidState, NotFound, ShoalError


class ProviderNotEnabled(ShoalError):
    status = 422
    code = "payment_provider_not_enabled"
    message = {
        "en": "The payment method {provider!r} is not available in this shop. Choose one of: {enabled}.",
        "zh-CN": "本店未开通支付方式 {provider!r}，请选择：{enabled}。",
    }


class OrderNotPayable(InvalidState):
    code = "order_not_payable"
    message = {
        "en": "This order is {state} and cannot be paid. Place a new order if you still want these items.",
        "zh-CN": "该订单当前状态为 {state}，无法支付；如仍需购买请重新下单。",
    }


class PaymentNotFound(NotFound):
    code = "payment_not_found"

    def __init__(self) -> None:
        super().__init__(entity="payment")


class PaymentNotRefundable(InvalidState):
    code = "payment_not_refundable"
    message = {
        "en": "This payment is {state}; only a succeeded payment can be refunded.",
        "zh-CN": "该支付当前状态为 {state}，只有支付成功的款项才能退款。",
    }


class RefundExceedsPaid(Conflict):
    code = "refund_exceeds_paid"
    message = {
        "en": "At most {refundable} (minor units) can still be refunded on this payment; lower the amount.",
        "zh-CN": "该笔支付最多还可退 {refundable}（分），请调低退款金额。",
    }


class MockPaymentsDisabled(NotFound):
    code = "mock_payments_disabled"
    message = {
        "en": "Simulated payments are switched off here (SHOAL_MOCK_PAYMENTS_ENABLED).",
        "zh-CN": "此环境未开启模拟支付（SHOAL_MOCK_PAYMENTS_ENABLED）。",
    }


class MicropayDeclined(ShoalError):
    status = 402
    code = "payment_code_declined"
    message = {
        "en": "{provider} declined the payment code. Ask the shopper to refresh it, or take another payment method.",
        "zh-CN": "{provider} 付款码支付未成功，请顾客刷新付款码重试，或换一种支付方式。",
    }


class TendersMismatch(ShoalError):
    status = 422
    code = "tenders_mismatch"
    message = {
        "en": "The payments must add up to the order's total ({total} fen).",
        "zh-CN": "各项支付之和须等于订单应付金额（{total} 分）。",
    }
