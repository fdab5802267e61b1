"""Errors of sign-in and staff management."""

from __future__ import annotations

from shoal.core.errors import Conflict, Forbidden, ShoalError, Unauthenticated


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


class RoleNotGrantable(Forbidden):
    code = "role_not_grantable"
    message = {
        "en": "Only an owner may give or take away the {role} role. Ask an owner.",
        "zh-CN": "只有店主可以授予或撤销“{role}”角色，请联系店主。",
    }


class LastOwner(Conflict):
    code = "last_owner"
    message = {
        "en": "The shop needs at least one active owner. Make someone else owner first.",
        "zh-CN": "店铺至少需要一位在职店主，请先把其他人设为店主。",
    }


class OwnAccount(Conflict):
    code = "own_account"
    message = {
        "en": "You cannot change your own role or disable your own account. Ask another owner or admin.",
        "zh-CN": "不能修改自己的角色或停用自己的账号，请联系其他店主或管理员。",
    }
