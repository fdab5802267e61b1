"""Errors of sign-in and staff management."""

from __future__ import annotations

from shoal.core.errors import Conflict, ShoalError, Unauthenticated


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    message = {
        "en": "The shop, email or password is wrong. Check them and try again.",
        "zh-CN": "店铺、邮箱或密码不正确，请核对后重试。",
    }


class TooManyAttempts(ShoalError):
    status = 429
    code = "too_many_attempts"
    message = {
        "en": "Too many wrong passwords. Wait {retry_after} seconds, then try again or reset the password.",
        "zh-CN": "密码错误次数过多，请 {retry_after} 秒后重试，或重置密码。",
    }


class InvalidRefreshToken(Unauthenticated):
    code = "invalid_refresh_token"
    message = {
        "en": "This refresh token is expired or revoked. Sign in again.",
        "zh-CN": "刷新令牌已过期或已注销，请重新登录。",
    }


class EmailTaken(Conflict):
    code = "email_taken"
    message = {
        "en": "A staff account with {email} already exists in this shop.",
        "zh-CN": "本店已有使用 {email} 的员工账号。",
    }


class SlugTaken(Conflict):
    code = "tenant_slug_taken"
    message = {
        "en": "The shop slug {slug!r} is taken; choose another.",
        "zh-CN": "店铺标识 {slug!r} 已被占用，请换一个。",
    }
