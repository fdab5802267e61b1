"""Domain errors rendered as RFC 9457 ``application/problem+json``.

Each error is a class with a stable ``code`` (clients switch on it), an HTTP ``status`` and a message
in zh-CN and en that tells the user what to do. Parameters fill the message and are returned as
extension members, so a client can act on them (``{"code": "out_of_stock", "available": 3}``); codes among
them (a ``state``, an ``action``) read as words in the message (``shoal.core.labels``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from shoal.core.i18n import pick
from shoal.core.labels import labelled

PROBLEM_BASE = "https://shoal.dev/problems/"


class ShoalError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    message: ClassVar[dict[str, str]] = {
        "en": "The request could not be processed.",
        "zh-CN": "请求无法处理。",
    }

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.render("en"))

    def render(self, locale: str) -> str:
        template = pick(self.message, locale)
        try:
            return template.format(**labelled(self.params, locale))
        except (KeyError, IndexError):
            return template

    def problem(self, locale: str, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.render(locale),
            "status": self.status,
            "detail": self.render(locale),
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        body.update({k: v for k, v in self.params.items() if k not in body})
        return body


class NotFound(ShoalError):
    status = 404
    code = "not_found"
    message = {
        "en": "No {entity} with that id exists here. Check the id and the tenant.",
        "zh-CN": "找不到该{entity}，请检查 ID 和所属商户。",
    }

    def __init__(self, entity: str = "object", **params: Any) -> None:
        super().__init__(entity=entity, **params)


class Unauthenticated(ShoalError):
    status = 401
    code = "unauthenticated"
    message = {
        "en": "Sign in first: send a valid bearer token.",
        "zh-CN": "请先登录：请求需携带有效的访问令牌。",
    }


class Forbidden(ShoalError):
    status = 403
    code = "forbidden"
    message = {
        "en": "Your role may not do this ({permission}). Ask an owner or admin.",
        "zh-CN": "当前角色无权执行此操作（{permission}），请联系店主或管理员。",
    }


class Conflict(ShoalError):
    status = 409
    code = "conflict"
    message = {
        "en": "This conflicts with existing data: {detail}",
        "zh-CN": "与已有数据冲突：{detail}",
    }


class InvalidState(ShoalError):
    status = 409
    code = "invalid_state"
    message = {
        "en": "Cannot {action} while the {entity} is {state}.",
        "zh-CN": "{entity}当前状态为{state}，不能{action}。",
    }


class ValidationFailed(ShoalError):
    status = 422
    code = "validation_failed"
    message = {
        "en": "Some fields are invalid; fix them and send again.",
        "zh-CN": "部分字段无效，请修改后重新提交。",
    }

    def __init__(self, errors: list[dict[str, Any]], **params: Any) -> None:
        super().__init__(errors=errors, **params)


class TenantRequired(ShoalError):
    status = 400
    code = "tenant_required"
    message = {
        "en": "Say which shop you mean: send the X-Shoal-Tenant header with the shop's slug.",
        "zh-CN": "请指明店铺：在请求头 X-Shoal-Tenant 中填写店铺标识。",
    }
