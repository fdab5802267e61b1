"""Errors of shopper sign-in, accounts and the address book."""

from __future__ import annotations

from shoal.core.errors import Conflict, ShoalError, Unauthenticated
from shoal.identity.errors import TooManyAttempts


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    message = {
        "en": "The email or password is wrong. Check them and try again.",
        "zh-CN": "邮箱或密码不正确，请核对后重试。",
    }


class InvalidSmsCode(InvalidCredentials):
    """Same stable code as a wrong password: a client shows the message, it need not tell them apart."""

    message = {
        "en": "The code is wrong or has expired. Check the latest SMS, or request a new code.",
        "zh-CN": "验证码错误或已过期，请核对最新短信，或重新获取验证码。",
    }


class WeChatSignInFailed(InvalidCredentials):
    message = {
        "en": "WeChat did not accept this sign-in code. Open the mini-program again and retry.",
        "zh-CN": "微信登录凭证无效或已使用，请重新打开小程序后重试。",
    }


class TooManySignInAttempts(TooManyAttempts):
    """Staff and shoppers share the sign-in throttle (``identity.throttle``); shoppers get this wording."""

    message = {
        "en": "Too many failed sign-ins. Wait {retry_after} seconds, then try again.",
        "zh-CN": "登录失败次数过多，请 {retry_after} 秒后重试。",
    }


class TooManyCodeAttempts(ShoalError):
    status = 429
    code = "too_many_code_attempts"
    message = {
        "en": "This code was entered wrongly too many times. Request a new code in {retry_after} seconds.",
        "zh-CN": "验证码输错次数过多，请 {retry_after} 秒后重新获取验证码。",
    }


class SmsCodeCooldown(ShoalError):
    status = 429
    code = "sms_code_cooldown"
    message = {
        "en": "A code was just sent. Wait {retry_after} seconds before asking for another.",
        "zh-CN": "验证码刚刚已发送，请 {retry_after} 秒后再重新获取。",
    }


class SmsUnavailable(ShoalError):
    status = 503
    code = "sms_unavailable"
    message = {
        "en": "The code could not be sent by SMS just now. Try again in a minute.",
        "zh-CN": "短信暂时无法发送，请稍后重试。",
    }


class WeChatUnavailable(ShoalError):
    status = 503
    code = "wechat_unavailable"
    message = {
        "en": "WeChat sign-in is not available for this shop right now. Sign in with your phone instead.",
        "zh-CN": "本店暂不支持微信登录，请使用手机号登录。",
    }


class InvalidPhone(ShoalError):
    status = 422
    code = "invalid_phone"
    message = {
        "en": "{phone!r} is not a phone number. Use a mainland mobile or +<country code><number>.",
        "zh-CN": "{phone!r} 不是有效的手机号，请填写大陆手机号或“+国家码号码”。",
    }


class EmailTaken(Conflict):
    code = "email_taken"
    message = {
        "en": "An account with {email} already exists. Sign in instead, or use another email.",
        "zh-CN": "{email} 已注册，请直接登录或换一个邮箱。",
    }


class PhoneTaken(Conflict):
    code = "phone_taken"
    message = {
        "en": "An account with {phone} already exists here.",
        "zh-CN": "本店已有使用 {phone} 的账号。",
    }


class AddressBookFull(Conflict):
    code = "address_book_full"
    message = {
        "en": "You can keep at most {limit} addresses. Delete one you no longer use first.",
        "zh-CN": "最多保存 {limit} 个地址，请先删除不再使用的地址。",
    }


class AccountBlocked(ShoalError):
    status = 403
    code = "account_blocked"
    message = {
        "en": "This account is blocked. Contact the shop's customer service.",
        "zh-CN": "该账号已被停用，请联系店铺客服。",
    }


class UnknownRegion(ShoalError):
    """The province, city and district of an address must be one chain of the national divisions (a district of
    that city, a city of that province); ``field`` names the first that is not."""

    status = 422
    code = "unknown_region"
    message = {
        "en": "Choose the province, city and district from the list: {name!r} is not where it is written.",
        "zh-CN": "请从列表中选择省、市、区：“{name}”不属于所填的上级地区。",
    }

    def __init__(self, *, field: str, name: str) -> None:
        super().__init__(field=field, name=name, errors=[{"field": field, "code": self.code, "message": name}])


class InvalidIdentity(ShoalError):
    status = 422
    code = "invalid_identity"
    message = {
        "en": "{value!r} is not a valid phone, email, WeChat unionid or card number for this field. Check it.",
        "zh-CN": "“{value}”不是有效的手机号、邮箱、微信 unionid 或会员卡号，请核对后重试。",
    }

    def __init__(self, *, kind: str, value: str) -> None:
        super().__init__(kind=kind, value=value, errors=[{"field": "value", "code": self.code, "message": value}])


class IdentityTaken(Conflict):
    """The door leads to another customer already: staff merge the two customers instead of linking it twice."""

    code = "identity_taken"
    message = {
        "en": "{value} already belongs to another customer of the shop. Merge the two customers instead.",
        "zh-CN": "{value} 已属于本店另一位顾客，请改为合并这两位顾客。",
    }


class IdentityIsContact(Conflict):
    code = "identity_is_contact"
    message = {
        "en": "{value} is the customer's contact phone or email; it cannot be unlinked.",
        "zh-CN": "{value} 是顾客的联系手机号或邮箱，不能解除绑定。",
    }
