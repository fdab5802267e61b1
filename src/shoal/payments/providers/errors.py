"""Errors of the payment providers: forged notifications, refused requests, unusable scenes."""

from __future__ import annotations

from shoal.core.errors import ShoalError


class ForgedNotification(ShoalError):
    status = 400
    code = "notification_forged"
    message = {
        "en": "This payment notification failed verification ({reason}); it was ignored.",
        "zh-CN": "支付通知验签失败（{reason}），已忽略。",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(reason=reason)


class ProviderFailed(ShoalError):
    status = 502
    code = "payment_provider_failed"
    message = {
        "en": "Payment provider {provider} did not accept the request ({reason}). Try later or pay another way.",
        "zh-CN": "支付渠道 {provider} 未受理该请求（{reason}），请稍后重试或换一种支付方式。",
    }

    def __init__(self, provider: str, reason: str) -> None:
        super().__init__(provider=provider, reason=reason)


class SceneNotSupported(ShoalError):
    status = 422
    code = "payment_scene_not_supported"
    message = {
        "en": "{provider} cannot pay in the {scene} scene here; choose another payment method.",
        "zh-CN": "{provider} 暂不支持 {scene} 场景支付，请选择其他支付方式。",
    }

    def __init__(self, provider: str, scene: str) -> None:
        super().__init__(provider=provider, scene=scene)


class PayerRequired(ShoalError):
    status = 422
    code = "payer_required"
    message = {
        "en": "{provider} needs your account id (openid / buyer id) to pay. Open the shop in its app and pay there.",
        "zh-CN": "{provider} 支付需要买家账号标识（openid / buyer_id），请在小程序或 App 内登录后支付。",
    }

    def __init__(self, provider: str) -> None:
        super().__init__(provider=provider)


class MicropayUnavailable(ShoalError):
    status = 422
    code = "payment_code_unavailable"
    message = {
        "en": "{provider} payment codes (付款码) are not set up for this shop yet; take another payment method.",
        "zh-CN": "本店尚未开通 {provider} 付款码收款，请换一种支付方式。",
    }

    def __init__(self, provider: str) -> None:
        super().__init__(provider=provider)


class MicropayNotConfigured(ShoalError):
    status = 422
    code = "payment_code_not_configured"
    message = {
        "en": "{provider} payment codes need {setting} in the payment settings; take another payment method.",
        "zh-CN": "{provider} 付款码收款需要在支付设置中配置 {setting}，请先换一种支付方式。",
    }

    def __init__(self, provider: str, setting: str) -> None:
        super().__init__(provider=provider, setting=setting)


class MicropayUnsettled(ShoalError):
    status = 502
    code = "payment_code_unsettled"
    message = {
        "en": "{provider} could not confirm or cancel payment {number}. Do not scan again: check the shopper's "
        "bill and the merchant platform for this number first.",
        "zh-CN": "{provider} 无法确认或撤销支付单 {number}。请勿重新扫码：先在顾客账单和商户平台上核对该单号。",
    }

    def __init__(self, provider: str, number: str) -> None:
        super().__init__(provider=provider, number=number)
